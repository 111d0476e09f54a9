"""The procedure catalogue (config/procedures/*.yaml) and the checks of a citizen's answers."""

from kiosk.services.procedures.catalogue import Catalogue, load_catalogue
from kiosk.services.procedures.validation import check_answer

__all__ = ["Catalogue", "check_answer", "load_catalogue"]
