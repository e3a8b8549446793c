"""What an animation file holds, read back with Pillow (the step-through exports' tests)."""
from PIL import Image


def read_back(path):
    """(frame count, size, durations in ms) of an animated GIF or PNG."""
    with Image.open(path) as im:
        durations = []
        for i in range(im.n_frames):
            im.seek(i)
            durations.append(im.info["duration"])
        return im.n_frames, im.size, durations
