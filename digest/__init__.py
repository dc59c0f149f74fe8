"""digest: split newsletters into stories and email each subscriber the ones they follow."""

__version__ = "0.1.0"
