"""Reads behind the management-information pages, one module per page. Scope checks are
made by the views (``naervaer.accounts.selectors``) before calling these."""
