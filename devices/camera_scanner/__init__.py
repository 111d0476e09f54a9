"""Document camera adapter: find the page in a photo, check it, straighten and clean it."""
