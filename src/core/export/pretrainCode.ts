/**
 * Contrastive pretraining in the PyTorch script, as trainer/pretrain.ts runs it: the supervised model's
 * hidden layers (the encoder, shared module by module, so that the supervised phase starts from what they
 * learned) under the recorded projection head, SCARF views drawn from the trainer's generator in its order,
 * NT-Xent, and an optimizer of the run's kind at its base rate. A linear probe then trains the last layer
 * alone (the encoder's parameters frozen). With dropout, the pretraining network draws its masks from a
 * generator of its own started at the run's dropout seed, as the trainer's pretraining network does, so
 * that the supervised model's generator starts the supervised phase unused.
 */
import { penaltiesAndClipping } from './python';
import type { ExportSource } from './record';

/** `PRETRAIN` (the phase's settings) and `PRETRAIN_HEAD` (the projection head's initial weights). */
export function pretrainSettings(src: ExportSource, py: (v: unknown) => string): string {
  const { epochs, corruption, temperature, probe } = src.config.pretrain!;
  return `# Contrastive pretraining (SCARF views, NT-Xent) before the supervised phase, and its projection head's
# initial parameters (a hidden layer and an output layer over the encoder's last width).
PRETRAIN = ${py({ epochs, corruption, temperature, probe })}
PRETRAIN_HEAD = ${py(src.pretrainHead)}`;
}

/**
 * `info_nce`, `scarf_view` and `pretrain(model, x, pool)`; `optimizer` is the run's optimizer call on
 * `params`, `dropout` whether the model has dropout.
 */
export function pretrainCode(optimizer: (params: string) => string, dropout: boolean): string {
  return `def info_nce(z1, z2):
    """NT-Xent: each row's other view is its positive among the 2n - 1 other rows of the batch."""
    n = len(z1)
    u = F.normalize(torch.cat([z1, z2]), dim=1)
    sim = (u @ u.T / PRETRAIN["temperature"]).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    return F.cross_entropy(sim, torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]))


def scarf_view(x, pool, positions, rng):
    """Each feature, with probability PRETRAIN["corruption"], taken from another pool row drawn at random."""
    others = len(pool) - 1
    view = x[[pool[i] for i in positions]].clone()
    for r, own in enumerate(positions):
        for c in range(x.shape[1]):
            if others > 0 and rng.uniform() < PRETRAIN["corruption"]:
                k = math.floor(rng.uniform() * others)
                view[r, c] = x[pool[k if k < own else k + 1], c]
    return view


def pretrain(model, x, pool):
    """Trains the model's hidden layers under the projection head; returns each epoch's mean loss, or None
    if the loss became non-finite."""
    ${dropout ? DROPOUT_NETWORK : 'net = torch.nn.Sequential(*list(model)[:-1], *build_model(PRETRAIN_HEAD))'}
    optimizer = ${optimizer('net.parameters()')}
    weights = [m.weight for m in net if isinstance(m, torch.nn.Linear)]
    rng = Rng((SEED ^ 0x5CA4F00D) & M32)
    n = len(pool)
    batch = n if BATCH_SIZE == "full" else max(1, min(BATCH_SIZE, n))
    order, history = list(range(n)), []
    for epoch in range(1, PRETRAIN["epochs"] + 1):
        if SHUFFLE:
            rng.shuffle(order)
        loss_sum = 0.0
        for start in range(0, n, batch):
            positions = order[start:start + batch]
            views = torch.cat([scarf_view(x, pool, positions, rng), scarf_view(x, pool, positions, rng)])
            z = net(views)
            loss = info_nce(z[:len(positions)], z[len(positions):])
            if not math.isfinite(loss.item()):
                print(json.dumps({"pretrain_epoch": epoch, "diverged": True}))
                return None
            loss.backward()
${penaltiesAndClipping('net')}            optimizer.step()
            optimizer.zero_grad()
            loss_sum += loss.item() * len(positions)
        history.append(loss_sum / n)
        print(json.dumps({"pretrain_epoch": epoch, "loss": loss_sum / n}))${dropout ? '\n    for m, own in supervised:\n        m.rng = own' : ''}
    return history`;
}

/** The pretraining network of a model with dropout: every dropout layer in it draws from one new generator. */
const DROPOUT_NETWORK = `dropout_rng = Rng(DROPOUT_SEED)
    supervised = [(m, m.rng) for m in model if isinstance(m, Dropout)]  # given back at the end
    net = torch.nn.Sequential(*list(model)[:-1], *build_model(dropout_rng, PRETRAIN_HEAD))
    for m in net:
        if isinstance(m, Dropout):
            m.rng = dropout_rng`;

/** The lines of `main` that pretrain the encoder (on every training row) and, for a probe, freeze it. */
export const PRETRAIN_CALL = `    pretrain_loss = pretrain(model, x, [i for i in range(len(x)) if i not in val])
    if pretrain_loss is None:
        return {"pretrain_loss": None}
    if PRETRAIN["probe"]:  # a linear probe: the last layer alone trains
        for m in list(model)[:-1]:
            m.requires_grad_(False)`;
