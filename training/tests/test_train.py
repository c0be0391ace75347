import json
import os
import signal
import subprocess
import sys
import time

import pytest
import torch
import torch.nn.functional as F

from knee_gan.configs import CONFIGS
from knee_gan.loading import load_checkpoint
from knee_gan.report import summarise
from knee_gan.train import Trainer

TRAINING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_cli(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "knee_gan.train", *args], cwd=TRAINING_DIR,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)


def train_tiny(data, out, config: str, kimg: str, *extra):
    """One finished training command on the fixture; fails the test with its output if it fails."""
    result = subprocess.run([sys.executable, "-m", "knee_gan.train", "--data", str(data), "--config", config,
                             "--out", str(out), "--kimg", kimg, "--threads", "1", *extra], cwd=TRAINING_DIR,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result


def discriminator_loss(trainer, real, fake, kl):
    with torch.no_grad():
        return float((F.softplus(trainer.d(fake, kl)) + F.softplus(-trainer.d(real, kl))).mean())


def test_tiny_config_learns(tiny_dataset, tmp_path):
    torch.set_num_threads(1)
    trainer = Trainer(CONFIGS["tiny"], str(tiny_dataset), str(tmp_path / "run"), torch.device("cpu"))
    real, kl = trainer.reals[:8], trainer.grades[:8]
    fake = trainer.g(torch.randn(8, trainer.cfg.z_dim), kl).detach()
    before = discriminator_loss(trainer, real, fake, kl)
    g_before = [p.clone() for p in trainer.g.parameters()]
    stats = [trainer.train_step() for _ in range(40)]
    after = discriminator_loss(trainer, real, fake, kl)
    assert all(torch.isfinite(torch.tensor(s["loss_d"])) for s in stats)
    assert after < before - 0.05, f"discriminator loss on a fixed batch did not fall: {before:.3f} -> {after:.3f}"
    assert any(not torch.equal(a, b) for a, b in zip(g_before, trainer.g.parameters()))
    assert trainer.nimg == 40 * trainer.cfg.batch and stats[0]["r1"] is not None


def test_run_writes_grid_log_plot_and_resumes_after_kill(tiny_dataset, tmp_path):
    out = tmp_path / "run"
    proc = run_cli("--data", str(tiny_dataset), "--config", "tiny", "--out", str(out), "--kimg", "20", "--threads", "1")
    checkpoint = out / "checkpoint.pt"
    deadline = time.time() + 60
    while time.time() < deadline and not (checkpoint.exists() and load_checkpoint(checkpoint)["step"] >= 5):
        time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = load_checkpoint(checkpoint)["nimg"]
    assert killed_at > 0
    for name in ("grid-latest.png", "log.jsonl", "losses.png"):
        assert (out / name).exists(), name
    resumed = run_cli("--data", str(tiny_dataset), "--config", "tiny", "--out", str(out), "--resume",
                      "--kimg", str((killed_at + 40) / 1000), "--threads", "1")
    output, _ = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, output
    assert f"resumed from {checkpoint} at {killed_at / 1000:.1f} kimg" in output
    final = load_checkpoint(checkpoint)
    assert final["nimg"] >= killed_at + 40
    rows = [json.loads(line) for line in open(out / "log.jsonl")]
    assert any("diversity" in r for r in rows)
    report = summarise(str(out))
    assert report["images_shown"] == final["nimg"] and report["diversity_last"] is not None


def test_resume_without_a_checkpoint_says_so(tiny_dataset, tmp_path):
    proc = run_cli("--data", str(tiny_dataset), "--config", "tiny", "--out", str(tmp_path / "run"), "--resume")
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "--resume given but there is no checkpoint" in output


def test_bad_data_folder_is_a_clear_error(tmp_path):
    proc = run_cli("--data", str(tmp_path / "missing"), "--config", "tiny", "--out", str(tmp_path / "run"))
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "error: dataset folder not found" in output
    assert "Traceback" not in output


def test_refuses_to_resume_another_config(tiny_dataset, tmp_path):
    out = tmp_path / "run"
    trainer = Trainer(CONFIGS["tiny"], str(tiny_dataset), str(out), torch.device("cpu"))
    trainer.save()
    state = load_checkpoint(out / "checkpoint.pt")
    state["config"]["name"] = "cpu-128"
    torch.save(state, out / "checkpoint.pt")
    with pytest.raises(SystemExit, match="trained with config 'cpu-128'"):
        Trainer(CONFIGS["tiny"], str(tiny_dataset), str(out), torch.device("cpu")).load()


def test_two_processes_train_in_step_under_torchrun(tiny_dataset, tmp_path):
    """The same command under torchrun (gloo, 2 CPU processes): each draws half of every batch,
    gradients are averaged, both copies stay identical (checked at every checkpoint), rank 0 saves."""
    out = tmp_path / "ddp"
    cmd = [sys.executable, "-m", "knee_gan.torchrun", "--standalone", "--nproc_per_node", "2",
           "-m", "knee_gan.train", "--data", str(tiny_dataset), "--config", "tiny", "--out", str(out),
           "--kimg", "0.04", "--threads", "1"]
    result = subprocess.run(cmd, cwd=TRAINING_DIR, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "over 2 process(es)" in result.stdout
    state = load_checkpoint(out / "checkpoint.pt")
    assert state["nimg"] >= 40 and state["step"] == state["nimg"] // CONFIGS["tiny"].batch


def test_compact_state_resumes_a_run_on_a_new_machine(tiny_dataset, tmp_path):
    from knee_gan.compact import write_compact
    first = tmp_path / "first"
    train_tiny(tiny_dataset, first, "tiny-lite", "0.02")
    checkpoint = load_checkpoint(first / "checkpoint.pt")
    compact = tmp_path / "resume.pt"
    size = write_compact(checkpoint, str(compact))
    assert size < os.path.getsize(first / "checkpoint.pt")
    # a new machine: an empty run folder, the compact state from the repository
    second = tmp_path / "second"
    result = train_tiny(tiny_dataset, second, "tiny-lite", "0.04", "--init-from", str(compact))
    assert f"at {checkpoint['nimg'] / 1000:.1f} kimg" in result.stdout
    resumed = load_checkpoint(second / "checkpoint.pt")
    assert resumed["nimg"] >= 40 and resumed["step"] > checkpoint["step"]
    assert [s["images"] for s in resumed["history"]] == [[0, checkpoint["nimg"]], [checkpoint["nimg"], resumed["nimg"]]]


def test_a_lite_state_continues_as_lite2(tiny_dataset, tmp_path):
    """lite-112 -> lite2-112 on a new machine: --init-from a lite state into the grown networks."""
    from knee_gan.compact import write_compact
    first = tmp_path / "lite"
    train_tiny(tiny_dataset, first, "tiny-lite", "0.02")
    compact = tmp_path / "resume.pt"
    write_compact(load_checkpoint(first / "checkpoint.pt"), str(compact))
    second = tmp_path / "lite2"
    result = train_tiny(tiny_dataset, second, "tiny-lite2", "0.04", "--init-from", str(compact))
    assert "(tiny-lite) -> tiny-lite2: new or grown: " in result.stdout and "w_input.weight" in result.stdout
    state = load_checkpoint(second / "checkpoint.pt")
    assert state["g_ema"]["w_input.weight"].abs().sum() > 0, "w's projection must have left zero"
    # the model card lists every stage the weights went through, contiguous in images shown
    stages = state["history"]
    assert [s["config"] for s in stages] == ["tiny-lite", "tiny-lite2"]
    assert stages[0]["images"][0] == 0 and stages[0]["images"][1] == stages[1]["images"][0]
    assert stages[1]["images"][1] == state["nimg"] and "--init-from" in stages[1]["command"]


def test_kept_ema_generators_are_the_ema_at_their_image_counts(tiny_dataset, tmp_path):
    """--keep-ema-kimg: each file is a float16 EMA generator that select_state and evaluate can load,
    one per multiple of the interval passed; the last one kept equals the final EMA (to float16)."""
    from knee_gan.loading import checkpoint_generator
    out = tmp_path / "run"
    train_tiny(tiny_dataset, out, "tiny-lite2", "0.04", "--keep-ema-kimg", "0.008")
    kept = sorted(out.glob("ema-*.pt"))
    batch = CONFIGS["tiny-lite2"].batch
    assert [int(p.stem.split("-")[1]) for p in kept] == list(range(8, 40 + 1, 8)), [p.name for p in kept]
    final = load_checkpoint(out / "checkpoint.pt")
    assert final["nimg"] == 40 and 40 % batch == 0
    g, info = checkpoint_generator(str(kept[-1]))
    assert info["kimg"] == 0.04 and info["config"] == "tiny-lite2"
    for name, value in g.state_dict().items():
        saved = final["g_ema"][name]
        expected = saved.half().float() if saved.is_floating_point() else saved
        assert torch.equal(value, expected), name
