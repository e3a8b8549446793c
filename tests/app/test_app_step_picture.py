"""The step-through's row as a picture beside the row picker, for image inputs."""
import numpy as np
from PySide6.QtCore import Qt

from image_networks import digits_file, save_file


def picture_pixels(window):
    """The picture's grey levels, one per input (the pixmap read back at its scale)."""
    image = window.stepping.row_picture.pixmap().toImage()
    scale = image.width() // 8
    return np.array([[image.pixelColor(c * scale, r * scale).red() for c in range(8)]
                     for r in range(8)])


def expected(window, row):
    """0 white … 1 black, the Dataset dock's grey scale for pixels in [0, 1]."""
    x = window.document.dataset.x[row].reshape(8, 8)
    return np.rint(255 * (1 - x)).astype(int)


def test_the_row_picked_and_stepped_is_drawn_beside_the_picker(make_window, qtbot, tmp_path):
    window = make_window()
    assert window.open_file(save_file(digits_file(rows=5), tmp_path / "digits.netsim"))
    stepping = window.stepping
    assert stepping.picture_action.isVisible()
    image = stepping.row_picture.pixmap().toImage()
    assert (image.width(), image.height()) == (24, 24)  # 8 × 8 at 3 × 3 pixels each
    np.testing.assert_array_equal(picture_pixels(window), expected(window, 0))

    picker = stepping.row_picker
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_Up)  # row 1
    assert stepping.row == 1
    np.testing.assert_array_equal(picture_pixels(window), expected(window, 1))

    qtbot.keyClick(window, Qt.Key.Key_F11)  # Step Row: row 1 to its end
    qtbot.keyClick(window, Qt.Key.Key_F10)  # Step: row 2's input
    assert stepping.row == 2
    np.testing.assert_array_equal(picture_pixels(window), expected(window, 2))


def test_no_picture_without_image_inputs(make_window, qtbot, tmp_path):
    window = make_window()
    assert window.open_file(save_file(digits_file(rows=5, image=False), tmp_path / "d.netsim"))
    assert not window.stepping.picture_action.isVisible()
    assert window.stepping.row_picture.pixmap().isNull()
