#!/bin/sh
# Install netsim's desktop integration for the current user (or under DATA_HOME):
# the menu entry, the icon at every size, the .netsim MIME type and the AppStream
# metainfo. With the bundle built (make package: dist/netsim/, or BUNDLE=folder), also
# the bundle itself, under ~/.local/lib/netsim with a `netsim` link in ~/.local/bin;
# otherwise `netsim` must already be on PATH (pip install netsim).
#
#   sh packaging/linux/install.sh
#   DATA_HOME=/usr/local/share BIN_DIR=/usr/local/bin LIB_DIR=/opt sh packaging/linux/install.sh
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA_HOME=${DATA_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}}
BIN_DIR=${BIN_DIR:-$HOME/.local/bin}
LIB_DIR=${LIB_DIR:-$HOME/.local/lib}
BUNDLE=${BUNDLE:-$ROOT/dist/netsim}

install -Dm644 "$HERE/netsim.desktop" "$DATA_HOME/applications/netsim.desktop"
install -Dm644 "$HERE/io.github.netsim.Netsim.metainfo.xml" \
    "$DATA_HOME/metainfo/io.github.netsim.Netsim.metainfo.xml"
install -Dm644 "$HERE/netsim-mime.xml" "$DATA_HOME/mime/packages/netsim-mime.xml"
install -Dm644 "$ROOT/resources/icons/netsim.svg" "$DATA_HOME/icons/hicolor/scalable/apps/netsim.svg"
for size in 16 24 32 48 64 128 256 512; do
    install -Dm644 "$ROOT/resources/icons/netsim-$size.png" \
        "$DATA_HOME/icons/hicolor/${size}x${size}/apps/netsim.png"
done

if [ -x "$BUNDLE/netsim" ]; then
    rm -rf "$LIB_DIR/netsim"
    mkdir -p "$LIB_DIR" "$BIN_DIR"
    cp -R "$BUNDLE" "$LIB_DIR/netsim"
    ln -sf "$LIB_DIR/netsim/netsim" "$BIN_DIR/netsim"
    echo "installed the bundle in $LIB_DIR/netsim (command: $BIN_DIR/netsim)"
fi

# Refresh the caches the desktop reads; each tool is optional.
if command -v update-mime-database >/dev/null; then update-mime-database "$DATA_HOME/mime"; fi
if command -v update-desktop-database >/dev/null; then
    update-desktop-database "$DATA_HOME/applications"
fi
if command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" || true
fi
echo "installed netsim's desktop entry, icons, MIME type and metainfo under $DATA_HOME"
