"""Every training setting has one range (settings.RANGES); every value in it can be run.

The property test draws whole settings from the accepted ranges, writes them into a file,
lets `netsim validate` accept it and `netsim train --epochs 2 --output` train and save it:
the command ends with a sentence, never "internal error" and never an overflow.
"""
import json
import math
from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netsim import paths
from netsim.cli import main
from netsim.engine.losses import LOSSES
from netsim.engine.settings import (INITS, MODES, RANGES, SCHEDULES, Range, TrainingSettings,
                                    out_of_range)
from netsim.io.fileformat import load

EXAMPLES = ["xor-worked-example", "xor-cross-entropy", "and-perceptron", "two-two-two"]


def in_range(r: Range):
    """Any value of the range, its ends (or the floats next to open ends) drawn often."""
    if r.whole:
        return st.sampled_from([int(r.low), int(r.high)]) | st.integers(int(r.low), int(r.high))
    low = math.nextafter(r.low, math.inf) if r.low_open else r.low
    high = math.nextafter(r.high, -math.inf) if r.high_open else r.high
    return st.sampled_from([low, high]) | st.floats(low, high, allow_nan=False)


def test_every_numeric_setting_has_a_range_and_every_default_is_in_it():
    numeric = {f.name for f in fields(TrainingSettings)
               if str(f.type).startswith(("int", "float"))}
    assert set(RANGES) == numeric
    assert TrainingSettings().problem() is None


@pytest.mark.parametrize("name, value, message", [
    ("restarts", 3_000_000_000, "restarts must be a whole number from 1 to 1000, not 3000000000"),
    ("restarts", 0, "restarts must be a whole number from 1 to 1000, not 0"),
    ("decay_rate", 1e200, "decay_rate must be from 0 to 1000000, not 1e+200"),
    ("init_scale", 1e308, "init_scale must be above 0 and at most 1000000, not 1e+308"),
    ("init_scale", 0.0, "init_scale must be above 0 and at most 1000000, not 0"),
    ("seed", 10 ** 30, "seed must be a whole number from 0 to 4294967295, not 1e+30"),
    ("momentum", 1.0, "momentum must be at least 0 and below 1, not 1"),
    ("learning_rate", -0.5, "learning_rate must be from 0 to 1000000, not -0.5"),
    ("max_epochs", 10 ** 9 + 1, "max_epochs must be a whole number from 1 to 1000000000, "
                                "not 1000000001"),
])
def test_a_value_outside_the_range_is_refused_with_the_range(name, value, message):
    assert out_of_range(name, value) == message
    assert TrainingSettings(**{name: value}).problem() == message


def test_the_ends_of_each_range_are_as_written():
    assert out_of_range("momentum", math.nextafter(1.0, 0.0)) is None
    assert out_of_range("init_scale", 5e-324) is None
    assert out_of_range("restarts", 1000) is None and out_of_range("seed", 2 ** 32 - 1) is None
    assert out_of_range("target_error", None) is None


def test_a_step_schedule_that_grows_alpha_past_any_float_gives_inf_not_overflow():
    s = TrainingSettings(learning_rate=1e6, schedule="step", decay_rate=1e6, decay_steps=1)
    assert s.learning_rate_at(1) == 1e12
    assert s.learning_rate_at(60) == math.inf
    assert TrainingSettings(learning_rate=0.0, schedule="step", decay_rate=1e6,
                            decay_steps=1).learning_rate_at(60) == 0.0


training = st.fixed_dictionaries({
    "mode": st.sampled_from(MODES),
    "loss": st.sampled_from(tuple(LOSSES)),
    "shuffle": st.booleans(),
    "schedule": st.sampled_from(SCHEDULES),
    "init": st.sampled_from(INITS),
    "regularise_bias": st.booleans(),
    **{name: in_range(r) for name, r in RANGES.items() if name not in ("max_epochs", "restarts")},
    # Kept small so that a run stays short; their upper ends are tested on their own.
    "max_epochs": st.integers(1, 3),
    "restarts": st.integers(1, 4),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(example=st.sampled_from(EXAMPLES), values=training, no_target=st.booleans())
def test_any_file_validate_accepts_trains_two_epochs_and_saves(tmp_path, capsys, example,
                                                               values, no_target):
    data = json.loads(paths.example(example).read_text(encoding="utf-8"))
    data["training"] = dict(values, target_error=None if no_target else values["target_error"])
    data["version"] = 2  # (l1 and l2 are version 2's)
    path = tmp_path / "drawn.netsim"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = tmp_path / "trained.netsim"
    status = main(["train", str(path), "--epochs", "2", "--output", str(out)])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    if status == 1:  # a sentence: the run diverged, this loss needs sigmoid outputs, or
        # the perceptron rule cannot train this network or takes no such setting
        assert err.startswith("netsim train: ")
        assert ("training diverged in epoch" in err or "cross_entropy needs sigmoid" in err
                or err.startswith("netsim train: perceptron training "))
    else:
        assert status in (0, 3)
        assert load(out).training.restarts == values["restarts"]


def test_the_largest_restarts_run_to_the_end(tmp_path, capsys):
    path = tmp_path / "many.netsim"
    data = json.loads(paths.example("xor-worked-example").read_text(encoding="utf-8"))
    data["training"]["restarts"] = RANGES["restarts"].high
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["train", str(path), "--epochs", "1"]) == 0
    assert capsys.readouterr().out.startswith("trained 1 epoch (best of 1000 restarts: run ")
