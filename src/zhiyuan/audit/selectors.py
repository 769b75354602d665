"""Reads about the audit log itself, for the audit administrator's workbench: its size, the last signed
checkpoint and how far the chain was last verified. Nothing here verifies (that is
:mod:`zhiyuan.audit.verification`, run by a command or a job): a page only reads what was recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhiyuan.audit.models import AuditCheckpoint, AuditHead, AuditVerifiedHead


@dataclass(frozen=True)
class ChainStatus:
    """The log's size; the last checkpoint's size and time (None: none yet); the size verified last and
    when (None: never)."""

    size: int
    checkpoint_size: int | None
    checkpoint_at: dt.datetime | None
    verified_size: int
    verified_at: dt.datetime | None

    @property
    def since_checkpoint(self) -> int:
        """Entries written after the last checkpoint (all of them when there is none)."""
        return self.size - (self.checkpoint_size or 0)

    @property
    def unverified(self) -> int:
        """Entries written after the last verification."""
        return max(self.size - self.verified_size, 0)


def chain_status() -> ChainStatus:
    """Where the audit chain stands (three single-row reads)."""
    head = AuditHead.objects.first()
    checkpoint = AuditCheckpoint.objects.order_by("-size", "-pk").first()
    verified = AuditVerifiedHead.objects.first()
    return ChainStatus(
        size=head.size if head else 0,
        checkpoint_size=checkpoint.size if checkpoint else None,
        checkpoint_at=checkpoint.at if checkpoint else None,
        verified_size=verified.size if verified else 0,
        verified_at=verified.verified_at if verified else None,
    )
