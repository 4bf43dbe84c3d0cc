"""Text a municipality might write that a spreadsheet would run as a formula."""

PAYLOAD_TITLE = '=HYPERLINK("http://evil.invalid/x","Klik")'
