"""Prompt ids of the papers step (config/prompts/vi/papers.toml)."""

from __future__ import annotations

PLACE_PAPER = "papers.place_paper"  # {name}: put this paper on the scanner
PAGE_ADDED = "papers.page_added"  # {page}
PAGE_REPLACED = "papers.page_replaced"  # {page}
TAKE_ORIGINAL_BACK = "papers.take_original_back"
ALL_DONE = "papers.all_done"
AT_COUNTER = "papers.at_counter"
FOR_STAFF = "papers.for_staff"  # the kiosk could not copy it: bring it to the staff

# problems: short, polite, and what to do next
TOO_MANY_PAGES = "papers.too_many_pages"  # {max_pages}
PAGE_TOO_LARGE = "papers.page_too_large"
PAPER_TOO_LARGE = "papers.paper_too_large"
TOO_COARSE = "papers.too_coarse"
PAGE_UNREADABLE = "papers.page_unreadable"
NO_PAGES = "papers.no_pages"
REQUIRED = "papers.required"
SCANNER_FAILED = "scanner.failed"  # SCAN's catalogue: the default for an untyped failure

ALL = (
    PLACE_PAPER,
    PAGE_ADDED,
    PAGE_REPLACED,
    TAKE_ORIGINAL_BACK,
    ALL_DONE,
    AT_COUNTER,
    FOR_STAFF,
    TOO_MANY_PAGES,
    PAGE_TOO_LARGE,
    PAPER_TOO_LARGE,
    TOO_COARSE,
    PAGE_UNREADABLE,
    NO_PAGES,
    REQUIRED,
)
