"""units: a small Flask API converting lengths, masses and temperatures."""

import os

from flask import Flask, jsonify, request

app = Flask(__name__)

# factor to the base unit of each dimension (metre, kilogram)
LINEAR = {
    "m": 1.0,
    "km": 1000.0,
    "cm": 0.01,
    "mi": 1609.344,
    "ft": 0.3048,
    "in": 0.0254,
    "kg": 1.0,
    "g": 0.001,
    "lb": 0.45359237,
    "oz": 0.028349523125,
}
DIMENSION = {u: ("length" if u in ("m", "km", "cm", "mi", "ft", "in") else "mass") for u in LINEAR}
TEMPERATURE = {
    "c": (lambda v: v, lambda v: v),
    "f": (lambda v: (v - 32) * 5 / 9, lambda v: v * 9 / 5 + 32),
    "k": (lambda v: v - 273.15, lambda v: v + 273.15),
}


def convert(value, src, dst):
    if src in TEMPERATURE and dst in TEMPERATURE:
        return TEMPERATURE[dst][1](TEMPERATURE[src][0](value))
    if src in LINEAR and dst in LINEAR and DIMENSION[src] == DIMENSION[dst]:
        return value * LINEAR[src] / LINEAR[dst]
    raise ValueError(f"cannot convert {src} to {dst}")


@app.get("/health")
def health():
    return jsonify(status="ok", units=sorted(list(LINEAR) + list(TEMPERATURE)))


@app.get("/convert")
def convert_route():
    try:
        value = float(request.args["value"])
        src, dst = request.args["from"].lower(), request.args["to"].lower()
        result = convert(value, src, dst)
    except KeyError as missing:
        return jsonify(error=f"missing parameter {missing}"), 400
    except ValueError as err:
        return jsonify(error=str(err)), 400
    return jsonify(value=value, to=dst, result=round(result, 4), **{"from": src})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
