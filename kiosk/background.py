"""The composition root's background side: the device ports (built on the GUI thread right after
the first paint, opened on a worker), the store on its own thread (sessions, device events, the
audit log, the outbox and its sender) and the health poll. kiosk/app.py owns one."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from kiosk.settings.schema import Settings

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future

    from kiosk.flows.session import SessionSummary
    from kiosk.ports.card_reader import CardReader
    from kiosk.ports.clock import Clock
    from kiosk.ports.mrz_reader import MrzReader
    from kiosk.ports.qr_source import QrSource
    from kiosk.ports.speaker import HeadsetDetector, Speaker
    from kiosk.services.device_health import HealthTracker
    from kiosk.wiring import Ports

log = logging.getLogger("kiosk.app")


class Background:
    """Everything that may wait until the attract screen is on the glass: the device ports
    (built on the GUI thread right after the first paint, opened on a worker) and the store."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        on_speaker: Callable[[Speaker, HeadsetDetector | None], None],
        on_identity_devices: Callable[[CardReader, QrSource, MrzReader], None] | None = None,
    ) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._settings = settings
        self._clock = clock
        self._on_speaker = on_speaker
        self._on_identity_devices = on_identity_devices
        self.on_ports: Callable[[Ports], None] | None = None
        self.ports: Ports | None = None
        # One thread, so writes queue behind the store's opening and keep their order.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-store")
        self.store: Future[Any] | None = None
        self._session_log: Any = None
        self._started: set[str] = set()  # session rows written at start (store thread only)
        self._device_log: Any = None
        self.audit_reader: Any = None  # the store's AuditReader / AuditLog once it is open
        self.audit_log: Any = None
        self._health: HealthTracker | None = None
        self.outbox: Any = None  # kiosk.services.outbox.Outbox once the store is open
        # called on the store thread after each poll with every port's state (issue 11)
        self.on_health: Callable[[dict[str, Any]], None] | None = None
        # called on the store thread once it is open: (audit log, last PIN entry) for staff mode
        self.on_store_open: Callable[[Any, Any], None] | None = None
        self._sender: Any = None

    def start(self) -> None:
        from kiosk.services.device_health import HealthTracker
        from kiosk.wiring import build_ports, headset_detector

        self.ports = build_ports(self._settings, self._clock)
        self._health = HealthTracker({n: p.health for n, p in self.ports.all().items()})
        self._on_speaker(self.ports.speaker, headset_detector(self._settings))
        if self._on_identity_devices is not None:  # before opening: a card already on the
            self._on_identity_devices(  # reader counts
                self.ports.card_reader, self.ports.qr_source, self.ports.mrz_reader
            )
        self.store = self._executor.submit(self._open_store)
        for name, port in self.ports.all().items():
            opener = getattr(port, "open", None)
            if opener is not None:
                self._executor.submit(self._open_port, name, opener)
        if self.on_ports is not None:
            self.on_ports(self.ports)
        self.poll_health()

    def poll_health(self) -> Future[None] | None:
        """On the GUI thread's timer; the probes and the writes run on the store thread."""
        if self._health is None:
            return None
        return self._executor.submit(self._poll_health)

    def _poll_health(self) -> None:
        assert self._health is not None
        for change in self._health.poll(self._clock.now()):
            if self._device_log is None:
                continue
            try:
                self._device_log.record(
                    change.port,
                    change.before or "unknown",
                    change.after,
                    change.detail or None,
                    at=change.at,
                )
            except Exception:
                log.exception("recording the %s health change failed", change.port)
        if self.on_health is not None:
            try:
                self.on_health(self._health.states())
            except Exception:  # the hub is gone (shutting down): the poll itself goes on
                log.exception("handing the health states over failed")

    def _open_store(self) -> Any:
        from kiosk import paths
        from kiosk.store.db import make_engine
        from kiosk.store.migrate import upgrade

        url = paths.resolve_database_url(self._settings.database.url)
        from kiosk.store.db import session_factory
        from kiosk.store.repositories import DeviceEventLog, SessionLog

        upgrade(url)
        engine = make_engine(url)
        self._session_log = SessionLog(session_factory(engine))
        self._device_log = DeviceEventLog(session_factory(engine))
        from kiosk.store.audit_repository import AuditReader

        self.audit_reader = AuditReader(session_factory(engine))
        self._start_outbox(engine)
        if self.on_store_open is not None:  # store thread → queued to the GUI thread
            from kiosk.services.staff_access import PIN_ACTIONS
            from kiosk.store.repositories import AuditLog

            self.audit_log = AuditLog(session_factory(engine))
            self.on_store_open(self.audit_log, self.audit_reader.latest(PIN_ACTIONS))
        log.info("store ready at %s", url.split("@")[-1])
        return engine

    def _start_outbox(self, engine: Any) -> None:
        """Dossiers left by a crash or power cut are requeued, then delivered in the background."""
        from kiosk import paths
        from kiosk.services.outbox import Backoff, Outbox, OutboxSender, PaperFolder
        from kiosk.store.db import session_factory
        from kiosk.store.outbox_repository import OutboxRepository

        assert self.ports is not None
        o, kiosk_id = self._settings.outbox, self._settings.kiosk.id
        repository = OutboxRepository(session_factory(engine), kiosk_id)
        folder = PaperFolder(paths.data_dir() / "outbox")
        self.outbox = Outbox(repository, folder, self._clock, kiosk_id)
        self.outbox.recover()
        backoff = Backoff(o.base_delay_s, 2.0, o.max_delay_s, o.jitter)
        self._sender = OutboxSender(
            self.outbox, self.ports.portal, self._clock, backoff, batch=o.batch
        )
        self._sender.start()

    def log_session_start(self, session_id: str, started_at: Any) -> None:
        """GUI thread, at session start: the row is written on the store thread, before any
        dossier of this session can be (the outbox links dossiers to it)."""
        self._executor.submit(self._write_session_start, session_id, started_at)

    def _write_session_start(self, session_id: str, started_at: Any) -> None:
        if self._session_log is None:
            return  # the store is not open yet: the row is written in full when it ends
        try:
            self._session_log.start(self._settings.kiosk.id, started_at, session_id=session_id)
            self._started.add(session_id)
        except Exception:  # a full disk must not take the kiosk down in front of a citizen
            log.exception("logging the start of session %s failed", session_id)

    def log_session(self, summary: SessionSummary) -> None:
        """Called on the GUI thread when a session ends; the write happens on the store thread."""
        self._executor.submit(self._write_session, summary)

    def _write_session(self, summary: SessionSummary) -> None:
        if self._session_log is None:
            log.error("session %s not logged: the store is not open", summary.session_id)
            return
        sid = str(summary.session_id)
        try:
            if sid in self._started:
                self._started.discard(sid)
                self._session_log.update(sid, big_text=summary.big_text)
            else:
                self._session_log.start(
                    self._settings.kiosk.id,
                    summary.started_at,
                    big_text=summary.big_text,
                    session_id=sid,
                )
            self._session_log.end(sid, summary.reason, summary.ended_at)
        except Exception:  # a full disk must not take the kiosk down in front of a citizen
            log.exception("logging session %s failed", summary.session_id)

    @staticmethod
    def _open_port(name: str, opener: Any) -> None:
        try:
            opener()
        except Exception:
            log.exception("opening %s failed", name)

    def close(self) -> None:
        self._executor.shutdown(wait=True)  # queued session writes are finished, not dropped
        if self._sender is not None:
            self._sender.close()  # waits at most one portal timeout
        if self.store is not None and self.store.done() and self.store.exception() is None:
            self.store.result().dispose()
        for name, port in (self.ports.all() if self.ports else {}).items():
            try:
                port.close()
            except Exception:  # one failing device must not stop the others closing
                log.exception("closing %s failed", name)
