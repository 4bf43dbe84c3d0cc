"""Meeting documents on the pages: decision workbooks out and back, committee annexes."""
