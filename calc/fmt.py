"""Numbers as prose shows them. Rounding happens here, once, and nowhere else.

The order matters: a value is rounded to its significant figures first and only then given an SI prefix, so
999.7 B becomes "1 T", not "1000 B". Both ends of a range share the prefix of the larger end and the decimal
place that end's significant figures call for, joined by an en dash; a range whose ends round to the same
figure is shown as that one figure.
"""

from __future__ import annotations

from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from calc.quantity import Quantity

EN_DASH = "–"
MINUS = "−"
TIMES = "×"
APPROX = "≈"

# (factor, symbol) from the largest; a value below the smallest factor is shown without a prefix.
SCALES = {
    "params": ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M")),
    "bytes": ((Decimal(10) ** 15, "P"), (Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "G"), (Decimal(10) ** 6, "M"),
              (Decimal(10) ** 3, "k")),
    "tokens": ((Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K")),
    "none": (),
}
# style → (scale family, template); {n} is the figure, {p} the prefix, {u} the unit of a plain quantity.
STYLES = {
    "params": ("params", "{n} {p} params"),
    "bandwidth": ("bytes", "{n} {p}B/s"),
    "bytes": ("bytes", "{n} {p}B"),
    "params_per_expert": ("params", "{n} {p} params each"),
    "bytes_per_token": ("bytes", "{n} {p}B/token"),
    "bytes_per_param": ("none", "{n} bytes/param"),
    "token_rate": ("none", "{n} tokens/s"),
    "tokens": ("tokens", "{n}{p} tokens"),
    "price": ("none", "${n}/Mtok"),
    "experts": ("none", "{n} experts"),
    "count": ("none", "{n}"),
    "per_token": ("none", "{n} per token"),
    "plain": ("none", "{n} {u}"),
}
EXACT_COUNTS = ("count", "tokens", "experts")  # styles whose whole-numbered figures are shown exactly
SIMPLE_FRACTIONS = {
    Fraction(1, 2): "half", Fraction(1, 3): "a third", Fraction(2, 3): "two thirds", Fraction(1, 4): "a quarter",
    Fraction(3, 4): "three quarters", Fraction(1, 5): "a fifth", Fraction(2, 5): "two fifths",
    Fraction(3, 5): "three fifths", Fraction(4, 5): "four fifths", Fraction(1, 10): "a tenth",
}
FRACTION_TOLERANCE = 0.01  # relative: 0.333 is "a third", 0.34 is not


def quantum(value: float, sig: int) -> Decimal:
    """The decimal place that keeps ``sig`` significant figures of ``value``."""
    if value == 0:
        return Decimal(1)
    return Decimal(1).scaleb(Decimal(repr(abs(value))).adjusted() - sig + 1)


# Wide enough for every float's digits (the default context's 28 cannot round 1e28 to a whole number).
WIDE = Context(prec=800, Emax=MAX_EMAX, Emin=MIN_EMIN)


def round_to(value: float, step: Decimal) -> Decimal:
    exact = Decimal(repr(value))
    if step < 1:
        return exact.quantize(step, rounding=ROUND_HALF_UP, context=WIDE)
    whole = WIDE.divide(exact, step).quantize(Decimal(1), rounding=ROUND_HALF_UP, context=WIDE)
    return WIDE.multiply(whole, step)


def plain_number(value: Decimal, separators: bool = True) -> str:
    """A Decimal without exponent or trailing zeros, with thousands separators, and a true minus sign."""
    text = format(value.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    sign, text = (MINUS, text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = text.partition(".")
    if separators and len(whole) > 4:
        whole = f"{int(whole):,}"
    return sign + whole + (f".{fraction}" if fraction else "")


def scaled(values: tuple[float, ...], sig: int, family: str,
           prefix: str | None = None) -> tuple[tuple[Decimal, ...], str]:
    """Round every value to the decimal place of the largest one's ``sig`` figures, then pick one prefix.

    ``prefix`` forces a prefix of the family (a table column shows all its figures with one prefix).
    """
    largest = max(values, key=abs)
    step = quantum(largest, sig)
    rounded = tuple(round_to(v, step) for v in values)
    if prefix is not None:
        factor = next((f for f, symbol in SCALES[family] if symbol == prefix), Decimal(1))
        return tuple(r / factor for r in rounded), prefix
    top = max((abs(r) for r in rounded), default=Decimal(0))
    for factor, symbol in SCALES[family]:
        if top >= factor:
            return tuple(r / factor for r in rounded), symbol
    return rounded, ""


def number_text(values: tuple[float, ...], sig: int, family: str = "none",
                prefix: str | None = None) -> tuple[str, str]:
    """The figure (one value, or two joined by an en dash) and the prefix it was scaled by."""
    mantissas, prefix = scaled(values, sig, family, prefix)
    parts = list(dict.fromkeys(plain_number(m) for m in mantissas))
    decimals = max(len(p.partition(".")[2]) for p in parts)
    if len(parts) > 1 and decimals:  # one decimal place for both ends: "3.10–3.87", not "3.1–3.87"
        parts = [p + ("" if "." in p else ".") + "0" * (decimals - len(p.partition(".")[2])) for p in parts]
    return EN_DASH.join(parts), prefix


def ends(quantity: Quantity) -> tuple[float, ...]:
    return (quantity.low, quantity.high) if quantity.is_range else (quantity.low,)


def exact_count(quantity: Quantity) -> bool:
    """Whether a figure is a count shown exactly: whole numbers of tokens, experts or things, not approximate."""
    return (quantity.kind.style in EXACT_COUNTS and not quantity.approximate
            and all(float(v).is_integer() for v in ends(quantity)))


def prefix_of(quantity: Quantity) -> tuple[str, str] | None:
    """(scale family, prefix) a quantity is shown with in its own style, or None if its style has no prefixes."""
    family, _ = STYLES.get(quantity.kind.style, STYLES["plain"])
    if family == "none" or quantity.kind.style in ("ratio", "percent", "count") or exact_count(quantity):
        return None
    return family, scaled(ends(quantity), quantity.sig, family)[1]


def value_text(quantity: Quantity, style: str | None = None, sig: int | None = None,
               prefix: str | None = None) -> str:
    """A quantity in its kind's own style: "97–103 B params", "4.39 TB/s", "$5/Mtok", "45.6%", "6×"."""
    style = style or quantity.kind.style
    sig = sig or quantity.sig
    if style == "ratio":
        return multiple(quantity, sig if sig != quantity.sig else None)
    if style == "percent":
        return percent(quantity, sig)
    family, template = STYLES.get(style, STYLES["plain"])
    if style in EXACT_COUNTS and exact_count(quantity):
        # a count is shown whole: 2,048 tokens, not 2.05K tokens; 20,000, not 20K
        sig = max(len(str(int(abs(v)))) for v in ends(quantity))
        family, prefix = "none", None
    figure, prefix = number_text(ends(quantity), sig, family, prefix)
    unit = "" if quantity.kind.unit == "1" else quantity.kind.unit
    text = template.format(n=figure, p=prefix, u=unit)
    if figure == "1":
        text = text.replace("experts", "expert").replace("bytes/param", "byte/param")
    return (APPROX if quantity.approximate else "") + " ".join(text.split())


def multiple(quantity: Quantity, sig: int | None = None) -> str:
    """A ratio as a multiple: "6×", "1.8×", "117×" (no decimals at ten and above unless ``sig`` asks for them).

    A single ratio keeps the significant figures of its inputs (at least two); a ratio that is not 1 is never
    shown as "1×": it gets the figures it needs to differ from 1 (1.025 is "1.03×"), so rounding never turns a
    difference into an equality.
    """
    figures = []
    asked = sig is not None
    sig = sig if asked else (2 if quantity.is_range else max(2, quantity.sig))
    for value in ends(quantity):
        places = sig
        step = Decimal(1) if abs(value) >= 10 and not asked else quantum(value, places)
        while abs(value) < 10 and round_to(value, step) == 1 and value != 1 and places < 6:
            places += 1
            step = quantum(value, places)
        figures.append(plain_number(round_to(value, step)))
    mark = APPROX if quantity.approximate else ""
    return mark + EN_DASH.join(dict.fromkeys(figures)) + TIMES


def percent(quantity: Quantity, sig: int | None = None) -> str:
    """A share as a percentage: "45.6%", "10–20%", to the quantity's significant figures unless ``sig`` is given."""
    sig = sig or quantity.sig
    values = tuple(v * 100 for v in ends(quantity))
    figure, _ = number_text(values, sig)
    return (APPROX if quantity.approximate else "") + figure + "%"


def points(quantity: Quantity, sig: int | None = None) -> str:
    """A difference of two percentages, in percentage points: "23.3 points" (never "23.3%", a relative change)."""
    values = tuple(v * 100 for v in ends(quantity))
    figure, _ = number_text(values, sig or quantity.sig)
    return (APPROX if quantity.approximate else "") + figure + (" point" if figure == "1" else " points")


def fraction(quantity: Quantity) -> str:
    """A share in words when it is a simple fraction ("a third", "half"), else as a percentage."""
    if not quantity.is_range and quantity.low > 0:
        for share, words in SIMPLE_FRACTIONS.items():
            if abs(quantity.low - float(share)) <= FRACTION_TOLERANCE * float(share):
                return words
    return percent(quantity, 2)


def is_rounded(quantity: Quantity, style: str | None = None, sig: int | None = None) -> bool:
    """Whether the displayed figure differs from the exact value (so an "≈" is owed)."""
    sig = sig or quantity.sig
    if (style or quantity.kind.style) == "ratio":
        steps = [Decimal(1) if abs(v) >= 10 else quantum(v, 2) for v in ends(quantity)]
    else:
        scale = 100 if (style or quantity.kind.style) == "percent" else 1
        steps = [quantum(max(ends(quantity), key=abs) * scale, sig) / scale for _ in ends(quantity)]
    return any(abs(float(round_to(v, s)) - v) > 1e-9 * max(abs(v), 1e-300) for v, s in zip(ends(quantity), steps))


def exact_text(quantity: Quantity) -> str:
    """The unrounded value in canonical units, for the Figures page ("96,948,919,522.6 param")."""
    unit = quantity.kind.unit
    shown = [plain_number(Decimal(repr(v)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
                          if abs(v) < 1e15 else Decimal(repr(v))) for v in ends(quantity)]
    return f"{EN_DASH.join(shown)}{'' if unit == '1' else ' ' + unit}"
