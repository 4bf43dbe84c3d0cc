"""Documents for meetings: decision workbooks that go out to a municipality and come back
filled in (:mod:`.workbook`, :mod:`.workbook_import`), and the committee annexes
(dagsordensbilag) as Word and PDF (:mod:`.annex`)."""
