"""The scheduler (`digest run`): polls, composes and delivers on its own schedule.

`jobs` holds what each job does, `service` runs them with APScheduler, `metrics` serves
Prometheus metrics and a health check, `logs` writes what each run did.
"""
