"""The Qt front end: the main window (wiring only), one module per tab, and dialogs."""
