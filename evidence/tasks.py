"""The daily reminders as a django-tasks task, for `send_reminders --queue`: cron only queues
them and the worker sends the mail, so a slow mail server never holds cron's shell."""

from datetime import date

from django_tasks import task

from .reminders import send_reminders


@task()
def send_reminders_task(day: str) -> int:
    """Today's digests for `day` (ISO date, the day cron ran); as idempotent as the command."""
    return send_reminders(date.fromisoformat(day))
