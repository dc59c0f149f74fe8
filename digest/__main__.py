from digest.cli import console

console()
