"""The 2025 two-level address book: provinces, communes, search, and old-address conversion."""

from kiosk.services.addresses.book import AddressBook, load_address_book

__all__ = ["AddressBook", "load_address_book"]
