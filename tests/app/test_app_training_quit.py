"""Quitting the app while it trains: the training processes end with it (none outlives
it), and what the app keeps between runs is written first. (How long Quit takes is
measured outside the suite: no test here times anything.)"""
import os
import subprocess
import sys
import time
from dataclasses import replace

from PySide6.QtWidgets import QApplication

from netsim.app import launch
from netsim.jobs import worker
from netsim.app.main_window import MainWindow


def running(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie has ended: it only waits to be reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def long_run(window: MainWindow) -> None:
    """Start a run that goes on until stopped, and wait until it trains."""
    doc = window.document
    doc.file.training = replace(doc.file.training, target_error=None, max_epochs=10**9)
    window.training.run()
    job, deadline = window.training.job, time.perf_counter() + 60
    while job.snapshot().epochs == 0 and time.perf_counter() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)


def test_run_gui_ends_every_training_process_before_it_returns(qapp, monkeypatch):
    processes = []

    def exec_(*args):
        window, = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        long_run(window)
        worker.prepare()  # and a spare process for the next run
        processes.extend(server.process for server in worker._servers)
        window.document.undo_stack.setClean()  # (no question about saving)
        window.close()
        return 0
    monkeypatch.setattr(QApplication, "exec", exec_)
    assert launch.run_gui(None) == 0
    assert len(processes) >= 2 and not any(p.is_alive() for p in processes)
    assert all(p.exitcode is not None for p in processes)  # ended and waited for


# The app as its command runs it: File > Quit while a run goes on. The training processes
# end with it (none outlives it), and what it keeps between runs is written.
QUIT_WHILE_TRAINING = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from netsim import cli
from netsim.app import launch
from netsim.jobs import worker
from tests.app.test_app_training_quit import long_run, running
pids = []

def quit_while_training():
    window, = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    long_run(window)
    worker.prepare()
    pids.extend(s.process.pid for s in worker._servers)
    print(*pids, flush=True)
    window.maybe_save = lambda: True
    window.main_actions.quit.trigger()

real_exec, real_leave = QApplication.exec, launch.leave
def exec_(*args):
    QTimer.singleShot(0, quit_while_training)
    return real_exec()
def leave(code):  # the moment the app exits: which training processes still run?
    print("left", *[pid for pid in pids if running(pid)], flush=True)
    real_leave(code)
QApplication.exec, launch.leave = exec_, leave
sys.exit(cli.main([]))
"""


def test_quit_while_training_leaves_no_training_process(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-c", QUIT_WHILE_TRAINING], env=env, cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    started, left = done.stdout.splitlines()
    pids = [int(pid) for pid in started.split()]
    assert len(pids) >= 2 and os.getpid() not in pids
    assert left == "left"  # none ran on when the app exited ...
    assert not any(running(pid) for pid in pids)  # ... nor later
    settings = (tmp_path / "config" / "netsim" / "netsim.ini").read_text()
    assert "geometry=" in settings  # written when the window closed
