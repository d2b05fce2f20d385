/**
 * The generate task in the PyTorch script, as trainer/generative.ts runs it: epochs of shuffled batches of
 * encoded rows, each one step of the family (generate/vae.ts, generate/gan.ts with trainer/ganStep.ts),
 * then the held-out loss. The run's noise (reparameterization draws, latent batches, the gradient
 * penalty's mixing weights) comes from the trainer's generator ported to Python, normal draws by its
 * Box–Muller with the second value kept for the next draw, in the trainer's order. The quality figures
 * (ks_mean, tvd_mean, corr_diff, c2st_auc) and the baselines are not replayed: the losses are.
 */
import type { RunConfig } from '../config/types';
import { LossLabError } from '../errors';
import { DEFAULT_LATENT } from '../generate/family';
import { getGanObjective } from '../losses/gan';
import { createOptimizer } from '../optimizers';
import type { ExportSource, FeatureEncoding } from './record';

type Py = (v: unknown) => string;

const isGan = (config: RunConfig) => config.loss.name !== 'vae';

/** Throws for a generate run the script cannot replay. */
export function checkGenerateExportable(src: ExportSource): void {
  // Runs recorded before a generate run's initial.json held both networks hold one network's layers.
  if (src.initial.length !== 2 * (src.config.model.hidden.length + 1))
    throw new LossLabError(
      "this generate run was recorded without both networks' initial weights; train it again to export it",
      { field: 'data.task' },
    );
}

/** The softmax blocks of the encoded row: [offset, width] of each categorical column's one-hot inputs. */
export function softmaxBlocks(features: readonly FeatureEncoding[]): [number, number][] {
  const blocks: [number, number][] = [];
  features.forEach((f, j) => {
    if (f.level === null) return;
    const last = blocks[blocks.length - 1];
    if (last && features[j - 1].level !== null && features[j - 1].column === f.column) last[1]++;
    else blocks.push([j, 1]);
  });
  return blocks;
}

/** The GAN's two optimizers as the family builds them: the run's, and the critic's (its own or the run's). */
function ganOptimizers(config: RunConfig) {
  const { name, ...given } = config.optimizer;
  const p = config.loss;
  const criticName = (p.criticOptimizer as string | null | undefined) ?? name;
  // The run's hyperparameters carry over to the critic's optimizer only when it is the same one.
  const criticGiven = criticName === name ? { ...given } : {};
  if (p.criticLr !== null && p.criticLr !== undefined) criticGiven.lr = p.criticLr;
  const resolve = (id: string, settings: Record<string, unknown>): Record<string, unknown> => ({
    name: id,
    ...(createOptimizer(id, 1, settings).params as Record<string, unknown>),
  });
  return { generator: resolve(name, given), critic: resolve(criticName, criticGiven) };
}

/** The optimizers a generate run's script defines classes for, if PyTorch lacks them: the run's and a GAN critic's. */
export function generateOptimizerNames(config: RunConfig): string[] {
  if (!isGan(config)) return [config.optimizer.name];
  const { generator, critic } = ganOptimizers(config);
  return [...new Set([generator.name as string, critic.name as string])];
}

/** The family's settings: latent size, softmax blocks, layers per network, and the loss's parameters. */
export function generateSettings(src: ExportSource, py: Py): string {
  const { config } = src;
  const lines = [
    '# Generate: the losses are replayed, not the quality figures (ks_mean, tvd_mean, corr_diff, c2st_auc) nor',
    '# the baselines. The latent size, the softmax blocks ([offset, width] of each categorical column in the',
    '# encoded row), and the layers of each network in INITIAL (the first network then the second).',
    `LATENT = ${py(config.model.latent ?? DEFAULT_LATENT)}`,
    `BLOCKS = ${py(softmaxBlocks(src.preprocessing.features))}`,
    `LAYERS = ${py(config.model.hidden.length + 1)}`,
  ];
  if (!isGan(config)) return [...lines, `BETA = ${py(config.loss.beta)}`].join('\n');
  const objective = getGanObjective(config.loss.name);
  const { generator, critic } = ganOptimizers(config);
  return [
    ...lines,
    '# The critic updates per generator update, its penalty weight (wgan_gp) or weight clip (wgan), and each',
    "# network's base learning rate (the schedule moves the generator's; the critic's keeps its ratio to it).",
    `CRITIC_STEPS = ${py(config.loss.criticSteps)}`,
    `PENALTY = ${py(objective.lipschitz === 'penalty' ? config.loss.lambda : null)}`,
    `CLIP = ${py(objective.lipschitz === 'clip' ? config.loss.clip : null)}`,
    `GENERATOR_LR = ${py(generator.lr)}`,
    `CRITIC_LR = ${py(critic.lr)}`,
  ].join('\n');
}

/** The sides of each GAN loss, as losses/gan.ts: the critic's on (real, fake) outputs, the generator's on fake. */
const GAN_LOSSES: Record<string, [critic: string, generator: string]> = {
  gan_minimax: ['softplus(-real).mean() + softplus(fake).mean()', '-softplus(fake).mean()'],
  gan_nonsaturating: ['softplus(-real).mean() + softplus(fake).mean()', 'softplus(-fake).mean()'],
  lsgan: ['0.5 * ((real - 1) ** 2).mean() + 0.5 * (fake**2).mean()', '0.5 * ((fake - 1) ** 2).mean()'],
  hinge_gan: ['torch.relu(1 - real).mean() + torch.relu(1 + fake).mean()', '-fake.mean()'],
  wgan: ['-real.mean() + fake.mean()', '-fake.mean()'],
  wgan_gp: ['-real.mean() + fake.mean()', '-fake.mean()'],
};

/** The family's loss functions. */
export function generateLossFunction(config: RunConfig): string {
  if (!isGan(config))
    return `def vae_loss(recon, x, mu, logvar):
    """Per row: squared errors of the numeric columns, the cross-entropy of each categorical block's softmax,
    and beta times the KL divergence of N(mu, exp(logvar)) from N(0, I); the mean over rows."""
    numeric = [j for j in range(x.shape[1]) if not any(a <= j < a + w for a, w in BLOCKS)]
    row = ((recon[:, numeric] - x[:, numeric]) ** 2).sum(1)
    for a, w in BLOCKS:
        row = row - (x[:, a : a + w] * torch.log_softmax(recon[:, a : a + w], 1)).sum(1)
    kl = (1 + logvar - mu**2 - torch.exp(logvar)).sum(1)
    return (row - 0.5 * BETA * kl).mean()`;
  const [critic, generator] = GAN_LOSSES[config.loss.name];
  return `def softplus(z):
    """log(1 + e^z) exactly: F.softplus turns linear above 20."""
    return torch.clamp(z, min=0) + torch.log1p(torch.exp(-z.abs()))


def critic_loss(real, fake):
    return ${critic}


def generator_loss(fake):
    return ${generator}`;
}

/** `Noise`: the trainer's generator with its normal draws. */
export const NOISE = `class Noise(Rng):
    """Loss Lab's normal draws: Box-Muller on two uniforms (the first redrawn while 0), the sine's value
    kept for the next draw."""

    def __init__(self, seed):
        super().__init__(seed)
        self.spare = None

    def normal(self):
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        u = 0.0
        while u == 0:
            u = self.uniform()
        v = self.uniform()
        r = math.sqrt(-2 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    def normals(self, rows, cols):
        return torch.tensor([[self.normal() for _ in range(cols)] for _ in range(rows)])`;

/** The family as a class with `step(x, lr, noise)` (the loss before the step) and `loss(x, noise)`. */
export function familyClass(config: RunConfig, optimizerCall: (config: RunConfig, params: string) => string): string {
  if (!isGan(config)) return vaeClass(optimizerCall(config, 'network.parameters()'));
  const { generator, critic } = ganOptimizers(config);
  const withOptimizer = (optimizer: Record<string, unknown>) => ({ ...config, optimizer }) as unknown as RunConfig;
  return ganClass(
    optimizerCall(withOptimizer(generator), 'generator.parameters()'),
    optimizerCall(withOptimizer(critic), 'critic.parameters()'),
  );
}

function vaeClass(optimizer: string): string {
  return `class Vae:
    """The encoder's last layer gives mu and logvar side by side; z = mu + exp(logvar / 2) eps, eps drawn
    row by row; the decoder maps z back to the row. One optimizer per network, clipped together."""

    def __init__(self, encoder, decoder):
        self.encoder, self.decoder = encoder, decoder
        self.optimizers = [${optimizer} for network in (encoder, decoder)]

    def forward(self, x, noise):
        h = self.encoder(x)
        mu, logvar = h[:, :LATENT], h[:, LATENT:]
        z = mu + torch.exp(0.5 * logvar) * noise.normals(len(x), LATENT)
        return vae_loss(self.decoder(z), x, mu, logvar)

    def step(self, x, lr, noise):
        loss = self.forward(x, noise)
        loss.backward()
        if CLIP_NORM is not None:
            torch.nn.utils.clip_grad_norm_([*self.encoder.parameters(), *self.decoder.parameters()], CLIP_NORM)
        for optimizer in self.optimizers:
            for group in optimizer.param_groups:
                group["lr"] = lr
            optimizer.step()
            optimizer.zero_grad()
        return loss.item()

    def loss(self, x, noise):
        with torch.no_grad():
            return self.forward(x, noise).item()`;
}

function ganClass(generatorOptimizer: string, criticOptimizer: string): string {
  return `class Gan:
    """Each step is one critic update on the batch against as many generated rows (the penalty at points
    between them for wgan_gp, by a double backward; weights clipped after it for wgan); after every
    CRITIC_STEPS of them, one generator update on fresh noise. Categorical blocks of a generated row go
    through a softmax. Draws per step: the penalty's mixing weights (uniforms as Phi of normal draws, drawn
    whether or not there is a penalty), the critic's noise, then the generator's."""

    def __init__(self, generator, critic):
        self.generator, self.critic = generator, critic
        self.generator_optimizer = ${generatorOptimizer}
        self.critic_optimizer = ${criticOptimizer}
        self.pending = 0

    def generate(self, z):
        out = self.generator(z)
        if not BLOCKS:
            return out
        parts, at = [], 0
        for a, w in BLOCKS:
            parts += [out[:, at:a], torch.softmax(out[:, a : a + w], 1)]
            at = a + w
        return torch.cat(parts + [out[:, at:]], 1)

    def step(self, real, lr, noise):
        rows = len(real)
        alpha = torch.tensor([0.5 * (1 + math.erf(noise.normal() / math.sqrt(2))) for _ in range(rows)])[:, None]
        with torch.no_grad():
            fake = self.generate(noise.normals(rows, LATENT))
        out = self.critic(torch.cat([real, fake]))[:, 0]
        loss = critic_loss(out[:rows], out[rows:])
        if PENALTY is not None:
            mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
            (grad,) = torch.autograd.grad(self.critic(mixed).sum(), mixed, create_graph=True)
            loss = loss + PENALTY * ((grad.norm(dim=1) - 1) ** 2).mean()
        self.critic_optimizer.zero_grad()
        loss.backward()
        for group in self.critic_optimizer.param_groups:
            group["lr"] = CRITIC_LR * lr / GENERATOR_LR
        self.critic_optimizer.step()
        if CLIP is not None:
            with torch.no_grad():
                for p in self.critic.parameters():
                    p.clamp_(-CLIP, CLIP)
        self.pending += 1
        if self.pending == CRITIC_STEPS:
            self.pending = 0
            g_loss = generator_loss(self.critic(self.generate(noise.normals(rows, LATENT)))[:, 0])
            self.generator_optimizer.zero_grad()
            g_loss.backward()
            for group in self.generator_optimizer.param_groups:
                group["lr"] = lr
            self.generator_optimizer.step()
        return loss.item()

    def loss(self, real, noise):
        """The critic's loss (without a penalty) on held-out rows against as many generated ones."""
        with torch.no_grad():
            fake = self.generate(noise.normals(len(real), LATENT))
            return critic_loss(self.critic(real)[:, 0], self.critic(fake)[:, 0]).item()`;
}

/** `main` of a generate run: the rows, the networks from INITIAL, the epochs of family steps. */
export function generateLoop(config: RunConfig): string {
  return `def main():
    header, rows = read_csv(CSV_PATH, CSV_SHA256, ROWS)${config.data.valPath === undefined ? '' : '\n    rows += read_csv(VAL_CSV_PATH, VAL_CSV_SHA256, VAL_ROWS)[1]'}
    x, _ = encode(header, rows)
    val = set(VAL)
    order = [i for i in range(len(x)) if i not in val]
    model = ${isGan(config) ? 'Gan' : 'Vae'}(build_model(INITIAL[:LAYERS]), build_model(INITIAL[LAYERS:]))
    n = len(order)
    batch = n if BATCH_SIZE == "full" else min(BATCH_SIZE, n)
    rng = Rng(SEED ^ 0x5EED5EED)
    noise = Noise(SEED ^ 0x0A11CE)
    step = 0
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(1, EPOCHS + 1):
        if SHUFFLE:
            rng.shuffle(order)
        loss_sum = 0.0
        for start in range(0, n, batch):
            rows = order[start : start + batch]
            loss = model.step(x[rows], lr_at(step), noise)
            if not math.isfinite(loss):
                print(json.dumps({"epoch": epoch, "diverged": True}))
                return history
            loss_sum += loss * len(rows)
            step += 1
        train_loss = loss_sum / n
        # The held-out loss's noise: its own generator, seeded by the epoch.
        val_loss = model.loss(x[VAL], Noise((SEED + epoch * 0x9E37) & M32)) if VAL else None
        print(json.dumps({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss}))
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
    return history`;
}
