"""The PySide6 desktop application. Widgets call services and show what comes back; no logic lives here."""
