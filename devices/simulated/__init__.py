"""Simulated devices: every port backed by an in-memory device that tests and the simulated
mode script. Standard library only (no Qt, no device libraries)."""

from devices.simulated.card_reader import SimulatedCard, SimulatedCardReader
from devices.simulated.citizens import ANH_MINH, BA_LAN, CHU_TU, CITIZENS, SimulatedCitizen
from devices.simulated.document_scanner import SimulatedDocumentScanner
from devices.simulated.portal import SimulatedPortal
from devices.simulated.qr_source import SimulatedQrSource
from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from devices.simulated.speaker import SimulatedSpeaker

__all__ = [
    "ANH_MINH",
    "BA_LAN",
    "CHU_TU",
    "CITIZENS",
    "SimulatedCard",
    "SimulatedCardReader",
    "SimulatedCitizen",
    "SimulatedDocumentScanner",
    "SimulatedPortal",
    "SimulatedQrSource",
    "SimulatedReceiptPrinter",
    "SimulatedSpeaker",
]
