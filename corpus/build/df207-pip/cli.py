"""Usage: cli.py ship [--speed=<kn>]"""

from docopt import docopt

print(docopt(__doc__))
