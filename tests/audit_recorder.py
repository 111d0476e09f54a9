"""A fake AuditSink (the store's AuditLog.record shape) that keeps what it was given."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class AuditRecorder:
    rows: list[tuple[str, str, str, str | None, datetime]] = field(default_factory=list)

    def record(
        self,
        actor_kind: str,
        actor_id: str,
        action: str,
        detail: str | None = None,
        *,
        at: datetime,
    ) -> None:
        self.rows.append((actor_kind, actor_id, action, detail, at))

    def actions(self) -> list[str]:
        return [row[2] for row in self.rows]
