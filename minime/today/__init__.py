"""Today: the page that opens on one decision. The pure planning engine lives in ``engine``."""
