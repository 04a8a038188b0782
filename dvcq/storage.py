"""Files written to storage inside a database transaction.

A file is written before the row that names it, so a failure between the two (or in a later
step of the same transaction) would leave bytes in storage that no row points to. Writes made
through `atomic_with_files` are deleted again when the block ends with an exception. Whatever
still escapes (a worker killed between the write and the commit, an enclosing plain
`transaction.atomic` rolled back after this block) is an orphan that `manage.py clean_uploads`
removes the next night.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.fields.files import FieldFile

log = logging.getLogger(__name__)
_local = threading.local()  # per thread, as the database connection is


class _Written(list):
    """(storage, name) of the files written in one `atomic_with_files` block."""

    def delete_all(self) -> None:
        for storage, name in self:
            try:
                storage.delete(name)
            except Exception:  # the original error matters more; the nightly sweep retries
                log.exception("Could not delete %s after a rollback", name)
        self.clear()


def store_file(field: FieldFile, name: str, content) -> None:
    """Write `content` through the field's storage; the caller saves the row after it.

    Only inside `atomic_with_files`, which deletes the file if the block fails.
    """
    stack = getattr(_local, "stack", None)
    if not stack:
        raise RuntimeError("store_file() needs an enclosing atomic_with_files() block.")
    field.save(name, content, save=False)
    stack[-1].append((field.storage, field.name))


@contextmanager
def atomic_with_files() -> Iterator[None]:
    """`transaction.atomic` that also deletes the files stored in it (`store_file`) if it
    rolls back. Usable as a decorator, like `transaction.atomic`.

    A block nested in another one hands its files to the outer block on success: the outer
    block may still fail, and then every file written inside it goes.
    """
    stack: list[_Written] = getattr(_local, "stack", None) or []
    _local.stack = stack
    written = _Written()
    stack.append(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        written.delete_all()
        raise
    finally:
        stack.pop()
    if stack:
        stack[-1].extend(written)
