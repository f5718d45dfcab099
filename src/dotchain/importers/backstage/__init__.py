"""`dotchain import backstage`: an org file from a Backstage software catalog
(https://backstage.io/docs/features/software-catalog/descriptor-format): teams, roles and people from
its Groups and Users (`groups.py`), hand-offs from its Components and APIs (`software.py`)."""

from dotchain.importers.backstage.importer import DEFAULT_CUSTOMER, import_backstage

__all__ = ["DEFAULT_CUSTOMER", "import_backstage"]
