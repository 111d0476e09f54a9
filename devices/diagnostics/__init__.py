"""`kiosk diag`: the technician's one-minute check of every configured device."""
