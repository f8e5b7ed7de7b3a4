"""PyTorch side of `scripts/bench --text` (issue #11): a character-level language model trained and sampled the way a
PyTorch user writes it, timed the way rnn's text benchmark times itself.

Training: one-hot inputs (F.one_hot of the token ids, as char-rnn feeds them), nn.LSTM / nn.GRU of two layers,
nn.Linear head at every step, mean cross-entropy over every step, Adam 2e-3, gradient-norm clipping at 5; windows
of T tokens cut from a text (or random ids when no file is given), batch B. Reported: training tokens per second
(median of the timed repeats, after the warm-up steps).
Generation: one step at a time with batch 1 and the carried state, softmax sampling with a seeded generator, as a
sampling loop is written; reported: generated tokens per second (median of the repeats).

usage: /usr/bin/python3 torch-text-bench.py --cell lstm|gru [--hidden 128] [--layers 2] [--window 50] [--batch 32]
       [--vocab 65 | --text FILE] [--steps 20] [--warmup 3] [--repeats 5] [--generate 2000] [--threads 1]
Prints one JSON line.
"""
import argparse, json, statistics, time

import torch
import torch.nn as nn
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--cell", choices=["lstm", "gru"], required=True)
p.add_argument("--hidden", type=int, default=128)
p.add_argument("--layers", type=int, default=2)
p.add_argument("--window", type=int, default=50)
p.add_argument("--batch", type=int, default=32)
p.add_argument("--vocab", type=int, default=65)
p.add_argument("--text")
p.add_argument("--steps", type=int, default=20, help="training steps per timed repeat")
p.add_argument("--warmup", type=int, default=3)
p.add_argument("--repeats", type=int, default=5)
p.add_argument("--generate", type=int, default=2000, help="tokens per timed generation repeat")
p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)

if a.text:
    chars = open(a.text, encoding="utf-8").read()
    vocab = sorted(set(chars))
    index = {c: i for i, c in enumerate(vocab)}
    ids = torch.tensor([index[c] for c in chars], dtype=torch.long)
    V = len(vocab)
else:
    V = a.vocab
    ids = torch.randint(0, V, (200_000,))
T, B = a.window, a.batch


class CharModel(nn.Module):
    def __init__(self):
        super().__init__()
        rnn = nn.LSTM if a.cell == "lstm" else nn.GRU
        self.rnn = rnn(V, a.hidden, num_layers=a.layers, batch_first=True)
        self.head = nn.Linear(a.hidden, V)

    def forward(self, x, state=None):
        out, state = self.rnn(F.one_hot(x, V).float(), state)
        return self.head(out), state


model = CharModel()
opt = torch.optim.Adam(model.parameters(), 2e-3)
windows = (len(ids) - 1) // T


def batch(step):
    starts = [((step * B + b) % windows) * T for b in range(B)]
    x = torch.stack([ids[s:s + T] for s in starts])
    y = torch.stack([ids[s + 1:s + T + 1] for s in starts])
    return x, y


def train_steps(n, offset):
    for s in range(n):
        x, y = batch(offset + s)
        opt.zero_grad()
        logits, _ = model(x)
        loss = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()


train_steps(a.warmup, 0)
train_rates = []
for r in range(a.repeats):
    t0 = time.perf_counter()
    train_steps(a.steps, a.warmup + r * a.steps)
    train_rates.append(a.steps * B * T / (time.perf_counter() - t0))

model.eval()
gen = torch.Generator().manual_seed(7)


@torch.no_grad()
def generate(n):
    token = torch.zeros((1, 1), dtype=torch.long)
    state = None
    for _ in range(n):
        logits, state = model(token, state)
        probs = torch.softmax(logits[0, -1], dim=-1)
        token = torch.multinomial(probs, 1, generator=gen).view(1, 1)


generate(50)
gen_rates = []
for r in range(a.repeats):
    t0 = time.perf_counter()
    generate(a.generate)
    gen_rates.append(a.generate / (time.perf_counter() - t0))

print(json.dumps({"impl": "torch", "torch": torch.__version__, "cell": a.cell, "hidden": a.hidden,
                  "layers": a.layers, "window": T, "batch": B, "vocab": V, "threads": a.threads,
                  "train_tokens_per_s": statistics.median(train_rates),
                  "generate_tokens_per_s": statistics.median(gen_rates)}))
