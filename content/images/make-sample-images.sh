#!/usr/bin/env bash
# Makes the abstract SAMPLE pictures of the built-in content (material-science look: particles,
# crystal lattices, light waves) in the kiosk's palette, with ImageMagick. They stand in for real
# photos until the alliance supplies them; replace any file by a real picture of the same name.
# Usage: content/images/make-sample-images.sh   (writes next to this script; deterministic)
set -euo pipefail
cd "$(dirname "$0")"
W=1600 H=1000
BG1='#0B1F33' BG2='#13314F'
RANDOM=2024  # fixed seed: the same pictures on every run

# Background: navy gradient with a soft glow of the focus colour centred at (gx,gy).
background() {  # out colour gx gy
    convert -size ${W}x${H} gradient:"$BG2"-"$BG1" \
        \( -size 1200x1200 radial-gradient:"$2"-none -channel A -evaluate multiply 0.5 +channel \) \
        -geometry +$(($3 - 600))+$(($4 - 600)) -composite "$1"
}

# A soft glow of an RGBA layer, blurred cheaply at quarter size.
GLOW=(\( +clone -resize 25% -blur 0x4 -resize 400% \) -compose screen -composite)

# Floating particles: many discs, blurred far ones and crisp near ones.
particles() {  # out colour
    local far="" near="" i x y r
    for i in $(seq 160); do
        x=$((RANDOM % W)) y=$((RANDOM % H)) r=$((4 + RANDOM % 26))
        far+="circle $x,$y $((x + r)),$y "
    done
    for i in $(seq 70); do
        x=$((RANDOM % W)) y=$((RANDOM % H)) r=$((2 + RANDOM % 9))
        near+="circle $x,$y $((x + r)),$y "
    done
    background /tmp/bg.$$.png "$2" $((RANDOM % W)) $((RANDOM % H))
    convert /tmp/bg.$$.png \
        \( -size ${W}x${H} xc:none -fill "$2" -draw "$far" -channel A -evaluate multiply 0.35 \
           +channel -resize 25% -blur 0x1.5 -resize 400% \) -composite \
        \( -size ${W}x${H} xc:none -fill '#F4F7FA' -draw "$near" -channel A -evaluate multiply 0.8 \
           +channel \) -composite -quality 78 "$1"
}

# Crystal lattice: atoms on a slanted grid joined by bonds. Background none = transparent PNG
# (smaller, as PNG is bulky).
lattice() {  # out colour background(none|navy) step
    local draw="" x y step=$4 W=$W H=$H
    [ "$3" = none ] && W=1000 H=625
    for ((y = -step; y < H + step; y += step)); do
        for ((x = -step; x < W + step; x += step)); do
            local sx=$((x + (y / step % 2) * step / 2))
            draw+="line $sx,$y $((sx + step)),$y line $sx,$y $((sx + step / 2)),$((y + step)) "
        done
    done
    local atoms=""
    for ((y = -step; y < H + step; y += step)); do
        for ((x = -step; x < W + step; x += step)); do
            local sx=$((x + (y / step % 2) * step / 2))
            atoms+="circle $sx,$y $((sx + step / 7)),$y "
        done
    done
    if [ "$3" = none ]; then
        # Crisp (no glow): soft gradients of transparency make PNG files large.
        convert -size ${W}x${H} xc:none -stroke "$2" -strokewidth 3 -draw "$draw" \
            -stroke none -fill "$2" -draw "$atoms" -define png:compression-level=9 "$1"
    else
        background /tmp/bg.$$.png "$2" $((W / 3)) $((H / 2))
        convert /tmp/bg.$$.png \
            \( -size ${W}x${H} xc:none -stroke "$2" -strokewidth 2 -draw "$draw" \
               -stroke none -fill '#F4F7FA' -draw "$atoms" -channel A -evaluate multiply 0.7 \
               +channel -virtual-pixel transparent \
               -distort Perspective "0,0 -200,120 $W,0 $((W + 100)),0 0,$H 0,$H $W,$H $((W - 150)),$((H + 60))" \
               "${GLOW[@]}" \) -compose over -composite -quality 78 "$1"
    fi
}

# Light waves: bundles of sine curves of the focus colour.
waves() {  # out colour
    local draw="" k x y phase
    for k in $(seq 0 11); do
        phase=$((RANDOM % 628))
        draw+="polyline $(awk -v W=$W -v H=$H -v k="$k" -v p="$phase" 'BEGIN {
            for (x = 0; x <= W; x += 16) {
                y = H / 2 + (120 + k * 18) * sin(x / (180 + k * 9) + p / 100) + (k - 6) * 14
                printf "%d,%d ", x, y } }') "
    done
    background /tmp/bg.$$.png "$2" $((W * 2 / 3)) $((H / 3))
    convert /tmp/bg.$$.png \
        \( -size ${W}x${H} xc:none -fill none -stroke "$2" -strokewidth 3 -draw "$draw" \
           "${GLOW[@]}" \) -compose over -composite -quality 78 "$1"
}

for area in energy:'#F5A524' optical:'#7C9CFF' optoelectronic:'#B57BFF' bio:'#3DD68C' \
    nano:'#19C3B1'; do
    name=${area%%:*} colour=${area#*:}
    particles "$name-particles.jpg" "$colour"
    lattice "$name-lattice.jpg" "$colour" navy 110
    waves "$name-waves.jpg" "$colour"
    lattice "$name-structure.png" "$colour" none 160
done
rm -f /tmp/bg.$$.png
ls -l
