"""The Textual interface: screens and widgets that send moves to the engine and draw what it returns."""
