"""Every derivation the site uses, one module per line of argument."""

from calc.derivation import Derivation
from calc.derivations import benchmarks, prices, ratio_argument, scale, serving, simulation, throughput

MODULES = (throughput, ratio_argument, prices, scale, simulation, benchmarks, serving)
ALL: tuple[Derivation, ...] = tuple(d for module in MODULES for d in module.registry.derivations)
