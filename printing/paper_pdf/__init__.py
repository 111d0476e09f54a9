"""Scanned pages of one paper → one compact PDF (img2pdf; G4 for text, JPEG for pictures)."""

from printing.paper_pdf.packer import DEFAULT_LADDER, Img2PdfPaperPacker, Step

__all__ = ["DEFAULT_LADDER", "Img2PdfPaperPacker", "Step"]
