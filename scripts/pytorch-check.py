#!/usr/bin/python3
"""Checks that an rnn checkpoint is a PyTorch model: its tensors load into torch.nn modules unchanged and give
the same predictions as `rnn predict` on the same CSV file. It trains nothing. A forecaster's delta mode adds the
target's normalised last input back; a path model (--horizon 1..H) is compared row by row as predict writes it
(step 1 of each window, the whole path of the window ending each series); a transformed target is refused.

    /usr/bin/python3 scripts/pytorch-check.py CHECKPOINT DATA.csv [--config RUN/config.json] [--rnn "CMD"]

1. Reads CHECKPOINT (safetensors; with plain numpy when the `safetensors` package is missing) and its metadata:
   the training options (architecture) and the data schema (columns, layout, normalisation statistics), from a
   checkpoint of format 1 (flag map and flat schema), 2 (model, data and the schema's input contract) or 3 (as 2,
   with the normalisation statistics as the tensors `schema.feature_stats` and `schema.target_stats`).
2. Builds `m.layers = nn.ModuleList([nn.RNN|nn.GRU|nn.LSTM(I, H, batch_first=True), ...])` and
   `m.head = nn.Linear(H, O)` (with `model.bidirectional`: `bidirectional=True`, each layer after the first reading
   2H, the head [O, 2H] on every step's [forward | reverse] output or on h_n's two directions concatenated), and calls `m.load_state_dict(...)` with the checkpoint's tensors as they are (only
   the optimizer state, `optim.*`, the schema's statistics, `schema.*`, and a stateful run's carried state,
   `state.*`, are left out). No renaming, no reordering, no sign flips.
   Categorical inputs: `m.inputs = nn.ModuleDict({COL: nn.Embedding(L + 1, D)})` in contract.categorical order
   (row 0 = <unk>, row k = the k-th of the column's sorted levels); the first layer reads
   cat([normalised numeric features, m.inputs[COL](index), ...]). A text model: the first layer reads
   F.one_hot(ids, V) (weight_ih_l0 [G·H, V]) or, with --embedding D, `m.embedding = nn.Embedding(V, D)`.
3. Reads DATA.csv as rnn does (the schema's columns, layout, window, horizon, stride, and its statistics, with
   rnn's float32 column storage reproduced; a categorical value stripped, blank or unseen = 0) and runs it through
   PyTorch in float64. A text (DATA.txt, char tokens only) is read as its code points, ids from the vocabulary
   (contract.classes, unknown = 0), in windows of T tokens every S tokens, each window from a zero state.
4. Runs `rnn predict --model CHECKPOINT DATA.csv` and compares, in normalised units (classification:
   probabilities): the check passes when the largest absolute difference is below 1e-5. A text model: the
   log-probability of every next token (at most 1e-5 apart) and the top token (all equal).
5. The reverse direction, when the run's config.json is found (next to the checkpoint, or --config): saves the
   PyTorch module's state dict as a float32 safetensors file, as `safetensors.torch.save_file` would, and checks
   that `rnn predict --model that.safetensors --schema config.json` agrees with PyTorch on those float32 weights.

Exit code 0 when every comparison passes, 1 otherwise, 2 for a checkpoint PyTorch has no module for (the classic
GRU, Keras's reset_after=False). Missing values in DATA.csv are not supported here.
"""

import argparse
import csv
import io
import json
import math
import os
import shlex
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

TOLERANCE = 1e-5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NUMPY_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4"}


# ---- safetensors with numpy ----

def read_safetensors(path):
    """(tensors as a dict of numpy arrays, metadata dict)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {}) or {}
    base = 8 + n
    tensors = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        a = np.frombuffer(data[base + begin:base + end], dtype=NUMPY_DTYPES[t["dtype"]])
        tensors[name] = a.reshape(t["shape"]).copy()
    return tensors, meta


def write_safetensors_f32(path, state_dict):
    """What safetensors.torch.save_file(state_dict, path) writes for float32 tensors."""
    try:
        from safetensors.torch import save_file
        save_file({k: v.detach().float().contiguous() for k, v in state_dict.items()}, path)
        return
    except ImportError:
        pass
    header = {}
    blobs = []
    offset = 0
    for name, v in state_dict.items():
        b = v.detach().float().cpu().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(v.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


# ---- the PyTorch module ----

STATS_FIELDS = ("center", "scale", "mean", "std", "min", "max", "count")


def stats_from_tensor(table, columns):
    """Format 3: one row of STATS_FIELDS per column (rnn.data.ColumnStats.toRow) as the JSON objects of format 2."""
    table = np.asarray(table, dtype=np.float64).reshape(len(columns), len(STATS_FIELDS))
    return [dict(column=c, **{k: float(v) for k, v in zip(STATS_FIELDS, row)}) for c, row in zip(columns, table)]


def description(meta, tensors=None):
    """The architecture options (flag names) and the flat data schema of a checkpoint of format 1, 2 or 3.

    Format 1 stores them as they are ("options": the flag map, "schema": flat); format 2 stores the run in the
    project's own vocabulary ("model", "data", and "schema" = {"contract", "report"}); format 3 as 2, with the
    per-column statistics as the tensors schema.feature_stats and schema.target_stats."""
    if "model" not in meta:
        options, schema = json.loads(meta["options"]), json.loads(meta["schema"])
        schema.setdefault("categorical", [])
        schema.setdefault("embedding", 0)
        return options, schema
    model, data = json.loads(meta["model"]), json.loads(meta["data"])
    c = json.loads(meta["schema"])["contract"]
    options = {"cell": model["cell"], "hidden": ",".join(str(h) for h in model["hidden"]),
               "activation": model["activation"], "gru-variant": model["gru_variant"],
               "bidirectional": bool(model.get("bidirectional", False)), "delimiter": data["delimiter"]}
    schema = {"inputs": c["inputs"], "outputs": c["outputs"], "output": c["output"], "layout": c["layout"],
              "features": c["columns"]["features"], "targets": c["columns"]["targets"],
              "id": c["columns"]["id"], "time": c["columns"]["time"], "classes": c["classes"],
              "classification": bool(c["classes"]), "normalize": c["scaling"]["normalize"],
              "featureStats": c["scaling"]["featureStats"], "targetStats": c["scaling"]["targetStats"]}
    for k in ("window", "horizon", "stride", "steps", "tokens"):
        schema[k] = (c.get("shape") or {}).get(k)
    # issue 12: a delta model outputs the change from the target's (normalised) input on the step it predicts from;
    # a transformed target (log, differences) is inverted from the series' history, which this check does not redo
    schema["targetMode"] = c.get("targetMode") or "level"
    # a path 1..H (--horizon 1..H): O·H outputs, step-major; predict reads every window of a series (stride 1)
    shape = c.get("shape") or {}
    schema["pathSteps"] = shape["horizon"] if shape.get("horizonFrom") else 1
    schema["transform"] = c.get("transform") or "none"
    if schema["transform"] != "none":
        raise SystemExit("pytorch-check: a model trained with --transform " + schema["transform"]
                         + " is not supported here (its predictions are inverted from the series' history)")
    # categorical inputs: contract.categorical[i] = {column, levels (sorted)}; the width of each embedding from
    # model.embeddings[i].dim (or model.cat_dim)
    dims = {e["column"]: e["dim"] for e in model.get("embeddings") or []}
    schema["categorical"] = [dict(column=e["column"], levels=list(e["levels"]),
                                  dim=int(dims.get(e["column"], model.get("cat_dim") or 0)))
                             for e in c.get("categorical") or []]
    schema["embedding"] = int(model.get("embedding") or 0)  # text: 0 = one-hot, D = nn.Embedding(V, D)
    if tensors is not None and "schema.feature_stats" in tensors:
        schema["featureStats"] = stats_from_tensor(tensors["schema.feature_stats"], schema["features"])
        schema["targetStats"] = stats_from_tensor(tensors["schema.target_stats"],
                                                  [] if schema["classification"] else schema["targets"])
    return options, schema


def build_module(options, schema):
    cell = options["cell"]
    hidden = [int(h) for h in options["hidden"].split(",")]
    if cell == "gru" and options.get("gru-variant", "classic") == "classic":
        return None
    m = nn.Module()
    layers = []
    size = schema["inputs"]
    if schema["layout"] == "text":  # one-hot ids (weight_ih [G·H, V]) or nn.Embedding(V, D)
        size = schema["outputs"]
        if schema["embedding"]:
            m.embedding = nn.Embedding(schema["outputs"], schema["embedding"])
            size = schema["embedding"]
    elif schema["categorical"]:  # numeric features, then one nn.Embedding(L + 1, D) per column (row 0 = <unk>)
        m.inputs = nn.ModuleDict({e["column"]: nn.Embedding(len(e["levels"]) + 1, e["dim"])
                                  for e in schema["categorical"]})
        size += sum(e["dim"] for e in schema["categorical"])
    bi = bool(options.get("bidirectional", False))
    for h in hidden:
        if cell == "rnn":
            layers.append(nn.RNN(size, h, nonlinearity=options.get("activation", "tanh"), batch_first=True,
                                 bidirectional=bi))
        elif cell == "gru":
            layers.append(nn.GRU(size, h, batch_first=True, bidirectional=bi))
        else:
            layers.append(nn.LSTM(size, h, batch_first=True, bidirectional=bi))
        size = 2 * h if bi else h
    m.layers = nn.ModuleList(layers)
    m.token_ids = schema["layout"] == "text"  # a plain attribute, not in the state dict
    m.head = nn.Linear(size, schema["outputs"])
    return m.double().eval()


def first_layer_input(m, x):
    """x: [B, T, I] float64 as read_examples gives it → the first layer's input. A text model's x is the token id
    ([B, T, 1]): F.one_hot(ids, V) or m.embedding(ids); a model of categorical inputs reads the numeric features,
    then one level index per column (0 = <unk>): cat([features, m.inputs[col](index), ...])."""
    x = torch.from_numpy(x)
    if hasattr(m, "embedding"):
        return m.embedding(x[..., 0].long())
    if m.token_ids:  # one-hot: weight_ih_l0 [G·H, V] multiplies F.one_hot(ids, V)
        return F.one_hot(x[..., 0].long(), m.layers[0].input_size).double()
    if not hasattr(m, "inputs"):
        return x
    cats = len(m.inputs)
    numeric = x.shape[-1] - cats
    parts = [x[..., :numeric]] + [emb(x[..., numeric + i].long()) for i, emb in enumerate(m.inputs.values())]
    return torch.cat(parts, -1)


def run_module(m, x, sequence):
    """x: [B, T, I] float64 → [B, O] (last step: a bidirectional layer's h_n, both directions) or [B, T, O]."""
    with torch.no_grad():
        h = first_layer_input(m, x)
        for layer in m.layers:
            h, state = layer(h)
        if sequence:
            return m.head(h).numpy()
        if m.layers[-1].bidirectional:
            h_n = state[0] if isinstance(state, tuple) else state  # [2, B, H]: forward, reverse
            return m.head(torch.cat([h_n[0], h_n[1]], dim=1)).numpy()
        return m.head(h[:, -1]).numpy()


def run_examples(m, examples, sequence):
    """run_module on every example, those of one length as one batch (no padding: rows do not interact)."""
    outs = [None] * len(examples)
    by_length = {}
    for i, e in enumerate(examples):
        by_length.setdefault(len(e), []).append(i)
    for idx in by_length.values():
        for i, o in zip(idx, run_module(m, np.stack([examples[i] for i in idx]), sequence)):
            outs[i] = o
    return outs


# ---- the CSV, read as rnn reads it ----

def is_number(s):
    try:
        float(s)
        return s.strip() != "" and s.strip().lower() not in ("nan", "inf", "-inf", "infinity", "-infinity")
    except ValueError:
        return False


def float32_column(values):
    """rnn's FloatColumn: float32(x - first), read back as float32 + first (float64)."""
    first = next((v for v in values if math.isfinite(v)), 0.0)
    stored = (np.asarray(values, dtype=np.float64) - first).astype(np.float32)
    return stored, first


def normalised_column(values, stats, kind):
    stored, first = float32_column(values)
    if kind == "none":
        return stored.astype(np.float64) + first
    z = (stored.astype(np.float64) + first - stats["center"]) / stats["scale"]
    return np.clip(z, -np.finfo(np.float32).max, np.finfo(np.float32).max).astype(np.float32).astype(np.float64)


def read_examples(path, schema, delimiter):
    """The examples of DATA.csv for prediction, in rnn's order: a list of [T, I] float64 arrays."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f, delimiter=delimiter) if r and not (len(r) == 1 and not r[0].strip())]
    header = [h.strip() for h in rows[0]]
    data = rows[1:]
    col = {name: header.index(name) for name in header}
    features = schema["features"]
    kind = schema["normalize"]
    x = [normalised_column([float(r[col[name]]) for r in data], schema["featureStats"][i], kind)
         for i, name in enumerate(features)]
    for e in schema["categorical"]:  # level k (sorted) is index k + 1; blank or unseen is 0 (<unk>)
        index = {level: k + 1 for k, level in enumerate(e["levels"])}
        x.append(np.array([index.get(r[col[e["column"]]].strip(), 0) for r in data], dtype=np.float64))
    x = np.stack(x, axis=1) if x else np.zeros((len(data), 0))
    layout = schema["layout"]
    if layout == "wide" and schema["categorical"]:
        raise SystemExit("pytorch-check: categorical columns with the wide layout are not supported here")
    if layout == "wide":
        steps = schema["steps"]
        per = len(features) // steps
        return [x[r].reshape(steps, per) for r in range(len(data))]
    # series (window) or sequences (long) by id, in first-seen order
    order = {}
    for r, row in enumerate(data):
        key = row[col[schema["id"]]].strip() if schema["id"] else ""
        order.setdefault(key, []).append(r)
    series = list(order.values())
    if layout == "long":
        if schema["time"]:
            t = col[schema["time"]]
            key = (lambda r: float(data[r][t])) if is_number(data[0][t]) else (lambda r: data[r][t].strip())
            series = [sorted(s, key=key) for s in series]
        return [x[s] for s in series]
    w, stride = schema["window"], schema["stride"]
    if schema.get("pathSteps", 1) > 1:
        stride = 1
    # the last window of each series is flagged: a path model writes its whole path
    schema["_ends"] = [p + stride > len(s) - w for s in series for p in range(0, len(s) - w + 1, stride)]
    return [x[s[p:p + w]] for s in series for p in range(0, len(s) - w + 1, stride)]


def read_text(path, schema):
    """A text as rnn predict reads it: its token ids (the model's vocabulary, <unk> = 0) and its windows of T
    tokens every S tokens, each a [T, 1] float64 array of ids, with the position of each window's first token."""
    if schema["tokens"] != "char":
        raise SystemExit(f"pytorch-check: {schema['tokens']} tokens are not supported here (char only)")
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    index = {s: i for i, s in enumerate(schema["classes"])}
    ids = np.array([index.get(ch, 0) for ch in text], dtype=np.int64)  # a str is a sequence of code points
    w, stride = schema["window"], schema["stride"]
    starts = list(range(0, len(ids) - w, stride))  # windows whose targets (one token later) fit
    return ids, starts, [ids[p:p + w, None].astype(np.float64) for p in starts]


def compare_text(schema, header, rows, ids, starts, torch_out):
    """Largest |rnn − torch| of the log-probability of each next token, and the rows whose top token differs."""
    classes = schema["classes"]
    expected = ["position", "token", "log_prob", "top_token"]
    if header != expected:
        raise SystemExit(f"rnn predict wrote the columns {header}, expected {expected}")
    flat = [(p + t + 1, out[t]) for p, out in zip(starts, torch_out) for t in range(len(out))]
    if len(flat) != len(rows):
        raise SystemExit(f"rnn predict wrote {len(rows)} rows, PyTorch made {len(flat)} predictions")
    worst, wrong = 0.0, 0
    for row, (pos, logits) in zip(rows, flat):
        logp = torch.log_softmax(torch.from_numpy(logits), -1).numpy()
        target = ids[pos]
        if int(row[0]) != pos or row[1] != classes[target]:
            raise SystemExit(f"rnn predict row {row}: expected position {pos}, token {classes[target]!r}")
        worst = max(worst, abs(float(row[2]) - logp[target]))
        wrong += row[3] != classes[int(np.argmax(logits))]
    return worst, wrong


# ---- rnn predict ----

def rnn_predict(rnn_cmd, model, data, extra=()):
    cmd = rnn_cmd + ["predict", "--quiet", "--model", model] + list(extra) + [data]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    reader = csv.reader(io.StringIO(out))
    header = next(reader)
    return header, list(reader)


def compare(schema, header, rows, torch_out):
    """Largest |rnn − torch| in normalised units (classification: probabilities) over every prediction row."""
    sequence = schema["output"] == "sequence"
    o = schema["outputs"] // schema.get("pathSteps", 1)  # a path: O per row
    if schema["classification"]:
        cols = [header.index("prob_" + c) for c in schema["classes"]]
    else:
        cols = [header.index("pred_" + schema["targets"][j]) for j in range(o)]
    flat = []
    for e in torch_out:
        flat.extend(e if sequence else [e])
    if len(flat) != len(rows):
        raise SystemExit(f"rnn predict wrote {len(rows)} rows, PyTorch made {len(flat)} predictions")
    worst = 0.0
    for row, t in zip(rows, flat):
        for j, c in enumerate(cols):
            v = float(row[c])
            if schema["classification"]:
                p = np.exp(t - t.max())
                ref = p[j] / p.sum()
            else:
                stats_index = j
                if schema["layout"] == "wide" and sequence:
                    stats_index = (int(row[header.index("step")]) - 1) * o + j
                st = schema["targetStats"][stats_index]
                v = (v - st["center"]) / st["scale"] if schema["normalize"] != "none" else v
                ref = t[j]
            worst = max(worst, abs(v - ref))
    return worst


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkpoint")
    ap.add_argument("data")
    ap.add_argument("--config", help="the run's config.json (default: found next to the checkpoint)")
    ap.add_argument("--rnn", default=os.environ.get("RNN", os.path.join(ROOT, "scripts", "rnn")),
                    help="how to run rnn (default: $RNN or scripts/rnn)")
    a = ap.parse_args()
    rnn_cmd = shlex.split(a.rnn)

    tensors, meta = read_safetensors(a.checkpoint)
    options, schema = description(meta, tensors)
    delimiter = options.get("delimiter", ",")
    delimiter = "\t" if delimiter in ("\\t", "tab") else delimiter
    variant = {"gru": " " + options.get("gru-variant", "classic"), "rnn": " " + options.get("activation", "tanh")}
    bi = " bidirectional" if options.get("bidirectional") else ""
    print(f"checkpoint  {a.checkpoint}: format {meta.get('format')} v{meta.get('format_version')}, "
          f"{options['cell']}{variant.get(options['cell'], '')}{bi} [{options['hidden']}], output {schema['output']}, "
          f"{schema['layout']} layout; torch {torch.__version__}")

    m = build_module(options, schema)
    if m is None:
        print("the classic GRU (Keras reset_after=False) has no PyTorch counterpart: nothing to compare")
        return 2
    state = {k: torch.from_numpy(v) for k, v in tensors.items() if not k.startswith(("optim.", "schema.", "state."))}
    result = m.load_state_dict(state)  # strict: every name and shape must match
    print(f"load_state_dict: {len(state)} tensors, missing {list(result.missing_keys)}, "
          f"unexpected {list(result.unexpected_keys)}")

    text = schema["layout"] == "text"
    sequence = schema["output"] == "sequence"
    if text:
        ids, starts, examples = read_text(a.data, schema)
    else:
        examples = read_examples(a.data, schema, delimiter)
    if text:
        v, d = schema["outputs"], schema["embedding"]
        print(f"inputs: {schema['tokens']} token ids, " + (f"nn.Embedding({v}, {d})" if d else f"F.one_hot(ids, {v})"))
    elif schema["categorical"]:
        print(f"inputs: {schema['inputs']} numeric, then " + ", ".join(
            f"inputs[{e['column']!r}] = nn.Embedding({len(e['levels']) + 1}, {e['dim']})" for e in schema["categorical"]))

    def check(m, header, rows, label):
        """Compares rnn predict's rows with PyTorch's outputs of m: True when they agree."""
        outs = run_examples(m, examples, sequence)
        if schema.get("targetMode") == "delta" and not schema["classification"]:
            # the change added back: the target's normalised input on the step (each step's own for sequence)
            idx = [schema["features"].index(t) for t in schema["targets"]]
            steps = schema.get("pathSteps", 1)  # a path: every step adds its target's last value
            outs = [o + (e[:, idx] if sequence else np.tile(e[-1, idx], steps)) for o, e in zip(outs, examples)]
        if schema.get("pathSteps", 1) > 1:
            # predict's rows: step 1 of every window but the last of its series, whose whole path follows
            n, rows_out = len(schema["targets"]), []
            for o, end in zip(outs, schema["_ends"]):
                rows_out.extend(o[j * n:(j + 1) * n] for j in range(schema["pathSteps"] if end else 1))
            outs = rows_out
        if text:
            worst, wrong = compare_text(schema, header, rows, ids, starts, outs)
            ok = worst <= TOLERANCE and wrong == 0
            print(f"{label}: {len(rows)} tokens, max |log_prob difference| = {worst:.3e}, {wrong} top tokens differ "
                  f"-> {'PASS' if ok else 'FAIL'} (<= {TOLERANCE:g}, 0)")
            return ok
        worst = compare(schema, header, rows, outs)
        ok = worst < TOLERANCE
        unit = "probability" if schema["classification"] else "normalised units"
        print(f"{label}: {len(rows)} rows, max |difference| = {worst:.3e} ({unit}) "
              f"-> {'PASS' if ok else 'FAIL'} (< {TOLERANCE:g})")
        return ok

    header, rows = rnn_predict(rnn_cmd, a.checkpoint, a.data)
    ok = check(m, header, rows, "rnn predict vs PyTorch")

    config = a.config
    if config is None:
        d = os.path.dirname(os.path.abspath(a.checkpoint))
        for c in (os.path.join(d, "config.json"), os.path.join(os.path.dirname(d), "config.json")):
            if os.path.exists(c):
                config = c
                break
    if config:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "from-torch.safetensors")
            m32 = build_module(options, schema)
            m32.load_state_dict(m.state_dict())
            m32.float()
            write_safetensors_f32(path, m32.state_dict())
            m32.double()  # float32 weights, float64 arithmetic, as rnn reads them
            header32, rows32 = rnn_predict(rnn_cmd, path, a.data, ["--schema", config])
            ok32 = check(m32, header32, rows32, f"reverse: PyTorch state dict (float32 safetensors) -> "
                                                f"rnn predict --schema {config}")
            ok = ok and ok32
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
