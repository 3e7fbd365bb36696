import sys

from jkn_desktop.cli import main

sys.exit(main())
