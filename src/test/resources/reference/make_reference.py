"""Independent float64 reference values for the numeric tests of rnn.

Builds tiny fixed-weight recurrent networks with PyTorch, runs forward, loss and
autograd backward, and writes one JSON file per case next to this script.
Regenerate with:   /usr/bin/python3 make_reference.py
The output is deterministic: re-running reproduces the files byte for byte.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
OUT_DIR = os.path.dirname(os.path.abspath(__file__))

# name, cell, activation, gru_variant, hidden, input, batch, steps, outputs, output, loss
CASES = [
    ("rnn_tanh", "rnn", "tanh", None, [5], 3, 2, 4, 2, "last", "mse"),
    ("rnn_relu", "rnn", "relu", None, [5], 3, 2, 4, 2, "last", "mse"),
    ("gru_classic", "gru", None, "classic", [5], 3, 2, 4, 2, "last", "mse"),
    ("gru_reset_after", "gru", None, "reset-after", [5], 3, 2, 4, 2, "last", "mse"),
    ("lstm", "lstm", None, None, [5], 3, 2, 4, 2, "last", "mse"),
    ("gru_reset_after_stack_sequence", "gru", None, "reset-after", [4, 3], 3, 3, 5, 2, "sequence", "mse"),
    ("gru_classic_stack_sequence_huber", "gru", None, "classic", [4, 3], 2, 2, 5, 2, "sequence", "huber"),
    ("lstm_stack_xent", "lstm", None, None, [4, 3], 3, 3, 4, 3, "last", "xent"),
    ("rnn_relu_stack_mae", "rnn", "relu", None, [4, 4, 3], 2, 2, 3, 1, "last", "mae"),
]
BASE_SEED = 20240


class ClassicGRU(nn.Module):
    """Classic GRU (Cho et al. 2014, Keras reset_after=False), batch-first, single bias.

    Fused gate order r|z|n:
      r  = sigmoid(x W_ir^T + h W_hr^T + b_r)
      z  = sigmoid(x W_iz^T + h W_hz^T + b_z)
      n  = tanh(x W_in^T + (r * h) W_hn^T + b_n)
      h' = z * h + (1 - z) * n
    With reset_after=True it instead uses n = tanh(x W_in^T + b_n + r * (h W_hn^T))
    (only used by the self-check below, never for the reference values).
    """

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.weight_ih_l0 = nn.Parameter(torch.empty(3 * hidden_size, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.empty(3 * hidden_size, hidden_size))
        self.bias_ih_l0 = nn.Parameter(torch.empty(3 * hidden_size))

    def forward(self, x, reset_after=False):
        H = self.hidden_size
        B, T, _ = x.shape
        W_ir, W_iz, W_in = self.weight_ih_l0.split(H, 0)
        W_hr, W_hz, W_hn = self.weight_hh_l0.split(H, 0)
        b_r, b_z, b_n = self.bias_ih_l0.split(H, 0)
        h = x.new_zeros(B, H)
        outs = []
        for t in range(T):
            xt = x[:, t, :]
            r = torch.sigmoid(xt @ W_ir.T + h @ W_hr.T + b_r)
            z = torch.sigmoid(xt @ W_iz.T + h @ W_hz.T + b_z)
            if reset_after:
                n = torch.tanh(xt @ W_in.T + b_n + r * (h @ W_hn.T))
            else:
                n = torch.tanh(xt @ W_in.T + (r * h) @ W_hn.T + b_n)
            h = z * h + (1 - z) * n
            outs.append(h)
        return torch.stack(outs, 1), h


class Net(nn.Module):
    def __init__(self, cell, activation, gru_variant, hidden, input_size, outputs, output):
        super().__init__()
        self.output = output
        layers = []
        sizes = [input_size] + hidden
        for k, H in enumerate(hidden):
            I = sizes[k]
            if cell == "rnn":
                layers.append(nn.RNN(I, H, nonlinearity=activation, batch_first=True))
            elif cell == "gru" and gru_variant == "reset-after":
                layers.append(nn.GRU(I, H, batch_first=True))
            elif cell == "gru" and gru_variant == "classic":
                layers.append(ClassicGRU(I, H))
            elif cell == "lstm":
                layers.append(nn.LSTM(I, H, batch_first=True))
            else:
                raise ValueError(cell)
        self.layers = nn.ModuleList(layers)
        self.head = nn.Linear(hidden[-1], outputs)

    def forward(self, x, return_layers=False):
        seqs = [x]
        for layer in self.layers:
            seqs.append(layer(seqs[-1])[0])
        hid = seqs[-1]
        pred = self.head(hid[:, -1, :] if self.output == "last" else hid)
        return (pred, hid, seqs) if return_layers else (pred, hid)


def loss_fn(kind, pred, y):
    if kind == "mse":
        return ((pred - y) ** 2).mean()
    if kind == "mae":
        return (pred - y).abs().mean()
    if kind == "huber":
        return F.huber_loss(pred, y, delta=1.0, reduction="mean")
    if kind == "xent":
        return F.cross_entropy(pred.reshape(-1, pred.shape[-1]), y.reshape(-1), reduction="mean")
    raise ValueError(kind)


def relu_preactivations(net, seqs):
    """All pre-activations W_ih x_t + b_ih + W_hh h_{t-1} + b_hh of every relu RNN layer."""
    pre = []
    for k, layer in enumerate(net.layers):
        inp, out = seqs[k], seqs[k + 1]
        h_prev = torch.cat([torch.zeros_like(out[:, :1]), out[:, :-1]], 1)
        pre.append(inp @ layer.weight_ih_l0.T + layer.bias_ih_l0
                   + h_prev @ layer.weight_hh_l0.T + layer.bias_hh_l0)
    return torch.cat([p.reshape(-1) for p in pre])


def draw(case, seed):
    name, cell, act, variant, hidden, I, B, T, O, output, loss = case
    net = Net(cell, act, variant, hidden, I, O, output)
    torch.manual_seed(seed)
    with torch.no_grad():
        for p in net.parameters():           # canonical order
            p.uniform_(-0.6, 0.6)
    x = torch.empty(B, T, I).uniform_(-1, 1)
    yshape = (B, O) if output == "last" else (B, T, O)
    if loss == "xent":
        y = torch.randint(0, O, yshape[:-1])
    else:
        scale = 2.0 if loss == "huber" else 1.0   # huber: so that some |error| exceed 1
        y = torch.empty(yshape).uniform_(-scale, scale)
    return net, x, y


def acceptable(case, net, x, y):
    name, cell, act, variant, hidden, I, B, T, O, output, loss = case
    with torch.no_grad():
        pred, hid, seqs = net(x, return_layers=True)
        if act == "relu":
            pre = relu_preactivations(net, seqs)
            if pre.abs().min() < 1e-3:
                return False
            for s in seqs[1:]:                      # no layer completely dead at the last step
                if (s[:, -1, :] > 0).sum() == 0:
                    return False
        err = (pred - y).abs() if loss != "xent" else None
        if loss == "mae" and err.min() < 0.05:
            return False
        if loss == "huber":
            if (err - 1).abs().min() < 0.05 or err.min() < 0.05:
                return False
            if not ((err > 1).any() and (err < 1).any()):
                return False
    # no degenerate test: every parameter tensor must get a clearly non-zero gradient
    # (e.g. tiny relu nets can have bias gradients that cancel exactly between rows)
    net.zero_grad()
    loss_fn(loss, net(x)[0], y).backward()
    ok = all(p.grad.abs().max() > 1e-3 for p in net.parameters())
    net.zero_grad()
    return ok


def finite_difference(f, t, idx, eps=1e-6):
    with torch.no_grad():
        old = t[idx].item()
        t[idx] = old + eps
        up = f().item()
        t[idx] = old - eps
        down = f().item()
        t[idx] = old
    return (up - down) / (2 * eps)


def make(case, case_no):
    name, cell, act, variant, hidden, I, B, T, O, output, loss = case
    seed = BASE_SEED + 100 * case_no
    while True:
        net, x, y = draw(case, seed)
        if acceptable(case, net, x, y):
            break
        seed += 1

    x.requires_grad_(True)
    pred, hid = net(x)
    L = loss_fn(loss, pred, y)
    net.zero_grad()
    L.backward()
    params = dict(net.named_parameters())

    # --- checks (printed, not stored) ---
    f = lambda: loss_fn(loss, net(x)[0], y)
    # one entry per parameter tensor (its largest |gradient|) and one of dx
    checks = [(n, p, p.grad) for n, p in params.items()] + [("dx", x, x.grad)]
    checks = [(n, t, g, tuple(int(i) for i in torch.nonzero(g.abs() == g.abs().max())[0]))
              for n, t, g in checks]
    msg = []
    for cname, t, g, idx in checks:
        fd = finite_difference(f, t, idx)
        rel = abs(fd - g[idx].item()) / max(1e-12, abs(fd) + abs(g[idx].item()))
        msg.append(f"{cname}{list(idx)} ad={g[idx].item():.10e} fd={fd:.10e} rel={rel:.1e}")
        assert rel < 1e-6, msg[-1]
    print(f"{name}: seed={seed} loss={L.item():.12g}")
    for m in msg:
        print("    " + m)
    if variant == "classic":
        with torch.no_grad():
            seq = x
            for layer in net.layers:
                seq = layer(seq, reset_after=True)[0]
            diff = (seq - hid).abs().max().item()
        print(f"    classic vs reset-after equations, same weights: max |dh| = {diff:.3e}")
        assert diff > 1e-3

    doc = {
        "name": name,
        "torch_version": torch.__version__,
        "cell": cell,
        "activation": act,
        "gru_variant": variant,
        "hidden": hidden,
        "input_size": I,
        "batch": B,
        "steps": T,
        "outputs": O,
        "output": output,
        "loss": loss,
        "x": x.detach().tolist(),
        "y": y.tolist(),
        "params": {n: p.detach().tolist() for n, p in params.items()},
        "hidden_last": hid.detach().tolist(),
        "pred": pred.detach().tolist(),
        "loss_value": L.item(),
        "grads": {n: p.grad.tolist() for n, p in params.items()},
        "dx": x.grad.tolist(),
    }
    write_json(os.path.join(OUT_DIR, name + ".json"), doc)


def write_json(path, doc):
    """One top-level key per line (one parameter per line inside params/grads); floats via repr."""
    def entry(k, v, indent):
        return " " * indent + json.dumps(k) + ": " + json.dumps(v)
    lines = []
    for k, v in doc.items():
        if isinstance(v, dict):
            inner = ",\n".join(entry(n, t, 4) for n, t in v.items())
            lines.append("  " + json.dumps(k) + ": {\n" + inner + "\n  }")
        else:
            lines.append(entry(k, v, 2))
    with open(path, "w", newline="\n") as fh:
        fh.write("{\n" + ",\n".join(lines) + "\n}\n")


def self_check_gru():
    """Our hand-written GRU with reset_after=True (plus torch's extra bias_hh) must equal nn.GRU;
    this validates gate order and update convention of the hand-written cell."""
    torch.manual_seed(1)
    ref = nn.GRU(3, 4, batch_first=True)
    mine = ClassicGRU(3, 4)
    x = torch.rand(2, 5, 3)
    with torch.no_grad():
        mine.weight_ih_l0.copy_(ref.weight_ih_l0)
        mine.weight_hh_l0.copy_(ref.weight_hh_l0)
        mine.bias_ih_l0.copy_(ref.bias_ih_l0)
        # fold bias_hh for r and z into the single bias; b_hn must stay inside r*(...): zero it
        ref.bias_ih_l0[:8] += ref.bias_hh_l0[:8]
        ref.bias_hh_l0.zero_()
        mine.bias_ih_l0.copy_(ref.bias_ih_l0)
        a = ref(x)[0]
        b = mine(x, reset_after=True)[0]
        c = mine(x, reset_after=False)[0]
    print(f"self-check: hand GRU(reset_after=True) vs nn.GRU max diff {(a - b).abs().max().item():.1e}; "
          f"classic vs nn.GRU max diff {(a - c).abs().max().item():.1e}")
    assert (a - b).abs().max() < 1e-14 and (a - c).abs().max() > 1e-3


if __name__ == "__main__":
    print("torch", torch.__version__)
    self_check_gru()
    for i, case in enumerate(CASES):
        make(case, i)
