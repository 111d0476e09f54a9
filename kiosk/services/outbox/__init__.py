"""The durable outbox: a submitted dossier is on disk before anything is sent (ADR 0008).

outbox = Outbox(repository, PaperFolder(data_dir / "outbox"), clock, kiosk_id=...)
queued = outbox.enqueue(NewDossier(...))          # one transaction; papers moved in first
sender = OutboxSender(outbox, portal, clock)      # a plain thread; close() stops it
sender.start(); ...; sender.close()
"""

from kiosk.services.outbox.backoff import Backoff
from kiosk.services.outbox.folder import PaperFolder, PapersDamaged
from kiosk.services.outbox.outbox import NewDossier, Outbox, Queued
from kiosk.services.outbox.sender import OutboxSender

__all__ = [
    "Backoff",
    "NewDossier",
    "Outbox",
    "OutboxSender",
    "PaperFolder",
    "PapersDamaged",
    "Queued",
]
