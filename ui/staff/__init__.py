"""Staff assisted mode in the UI (issue 11): the coordinator (`mode.StaffMode`), the staff
menu, the identity entered by hand and the outbox view. Built only when staff ask for them."""
