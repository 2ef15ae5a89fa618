"""A plain PyTorch loop of the lab's paper-shaped experiment, as a yardstick for `npm run bench`.

Same shapes and recipe as the lab's paper-ema preset: x·y mod 97, half the table for training,
2 pre-LayerNorm layers, d 128, 4 heads, MLP 4d with GELU, read at the last of 4 tokens; Adam lr 1e-3
β (0.9, 0.98) with L2 weight decay 0.005 (added to the gradient after the filter, as the lab's `adam`),
10-step warm-up, batch 512, Grokfast-EMA α 0.98 λ 2. Not the lab's
initialisation or data order: it times steps and does not try to reproduce the lab's curves.

    python3 bench/torch_reference.py [--device cuda|cpu] [--threads N] [--steps N]

Prints ms per training step after 10 warm-up steps: what eager PyTorch does with the same work.
"""

import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

P, DIM, HEADS, LAYERS, BATCH, SEQ = 97, 128, 4, 2, 512, 4


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(DIM), nn.LayerNorm(DIM)
        self.attn = nn.MultiheadAttention(DIM, HEADS, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(DIM, 4 * DIM), nn.GELU(), nn.Linear(4 * DIM, DIM))
        self.register_buffer("mask", torch.triu(torch.ones(SEQ, SEQ, dtype=torch.bool), 1))

    def forward(self, x):
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=self.mask, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = nn.Embedding(P + 2, DIM), nn.Embedding(SEQ, DIM)
        self.blocks = nn.Sequential(*[Block() for _ in range(LAYERS)])
        self.ln, self.head = nn.LayerNorm(DIM), nn.Linear(DIM, P + 2, bias=False)

    def forward(self, t):
        x = self.tok(t) + self.pos(torch.arange(SEQ, device=t.device))
        return self.head(self.ln(self.blocks(x))[:, -1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--steps", type=int, default=200)
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    dev = torch.device(args.device)
    torch.manual_seed(0)
    a, b = torch.meshgrid(torch.arange(P), torch.arange(P), indexing="ij")
    a, b = a.flatten(), b.flatten()
    tokens = torch.stack([a, torch.full_like(a, P), b, torch.full_like(a, P + 1)], 1).to(dev)
    answers = (a * b % P).to(dev)
    order = torch.randperm(P * P, device=dev)
    train = order[: P * P // 2]

    model = Model().to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98), weight_decay=0.005)
    warmup = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 10))
    slow = {}

    def sync():
        if dev.type == "cuda":
            torch.cuda.synchronize()

    def step():
        idx = train[torch.randint(len(train), (BATCH,), device=dev)]
        loss = F.cross_entropy(model(tokens[idx]), answers[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        for n, p in model.named_parameters():
            g = p.grad
            slow[n] = g.clone() if n not in slow else slow[n].mul_(0.98).add_(g, alpha=0.02)
            g.add_(slow[n], alpha=2.0)
        opt.step()
        warmup.step()

    for _ in range(10):
        step()
    sync()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    sync()
    ms = 1000 * (time.perf_counter() - t0) / args.steps
    threads = torch.get_num_threads()
    print(f"torch {torch.__version__} on {dev.type} ({torch.cuda.get_device_name() if dev.type == 'cuda' else f'{threads} threads'}): {ms:.2f} ms/step")


if __name__ == "__main__":
    main()
