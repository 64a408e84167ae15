#!/usr/bin/env python3
"""Small hand-made fuzz seeds, each reaching reader paths the fixtures do not: forms, inline
images, Type3 and Differences fonts, TJ arrays, CropBox and Rotate (features.pdf); an incremental
update with /Prev (incremental.pdf); LZW under ASCIIHex (lzw.pdf); offsets that point nowhere
(broken-xref.pdf)."""
import zlib

def build(objs, trailer="", shift=0, prefix=b"%PDF-1.7\n"):
    out = prefix
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    x = len(out)
    out += f"xref\n0 {len(objs)+1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o+shift:010d} 00000 n \n".encode() for o in offs)
    out += f"trailer\n<< /Size {len(objs)+1} /Root 1 0 R {trailer} >>\nstartxref\n{x}\n%%EOF\n".encode()
    return out, x

def stream(d, data):
    return f"<< {d} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"

def lzw(data):
    d = {bytes([i]): i for i in range(256)}
    nxt, width, out, acc, n = 258, 9, bytearray(), 0, 0
    def put(code, w):
        nonlocal acc, n
        acc = (acc << w) | code; n += w
        while n >= 8:
            n -= 8; out.append((acc >> n) & 0xff)
    put(256, width)
    w = b""
    for c in data:
        wc = w + bytes([c])
        if wc in d: w = wc; continue
        put(d[w], width)
        if nxt < 4096: d[wc] = nxt; nxt += 1
        width = 12 if nxt >= 2047 else 11 if nxt >= 1023 else 10 if nxt >= 511 else 9
        w = bytes([c])
    if w: put(d[w], width)
    put(257, width); put(0, 7)
    return bytes(out)

helv = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [65 /uni4E2D /g42 /one.oldstyle] >> >>"
t3 = b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 9 0 R >> /Encoding << /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [600] /Resources << >> >>"
form = stream("/Type /XObject /Subtype /Form /BBox [0 0 300 300] /Matrix [0 1 -1 0 300 0] /Resources << /Font << /F1 4 0 R >> >> /Filter /FlateDecode",
              zlib.compress(b"BT /F1 9 Tf 10 10 Td [(A) -120 (BC) 250 (x)] TJ ET"))
content = (b"q 1 0 0 1 0 0 cm BT /F1 12 Tf 72 700 Td 14 TL (Hello) Tj T* 2 Tc 1 Tw (a b) ' 3 1 (c) \" ET Q "
           b"BI /W 2 /H 2 /BPC 8 /CS /G /F /AHx ID 00FF00FF> EI "
           b"/Fm0 Do BT /F2 10 Tf 50 50 Td (aa) Tj ET /P << /MCID 1 >> BDC EMC")
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R 10 0 R] /Count 2 /MediaBox [0 0 612 792] >>",
    b"<< /Type /Page /Parent 2 0 R /CropBox [10 10 600 780] /Rotate 90 /Resources << /Font << /F1 4 0 R /F2 5 0 R >> /XObject << /Fm0 6 0 R >> >> /Contents [7 0 R 8 0 R] >>",
    helv, t3, form,
    stream("/Filter /FlateDecode", zlib.compress(content[:40])),
    stream("", content[40:]),
    stream("", b"600 0 d0 0 0 m 100 100 l f"),
    b"<< /Type /Page /Parent 2 0 R /Contents 11 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
    stream("/Filter [/ASCIIHexDecode /LZWDecode]", lzw(b"BT /F1 10 Tf 100 100 Td (lzw page) Tj ET").hex().encode() + b">"),
]
open("features.pdf", "wb").write(build(objs)[0])

page = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        helv,
        stream("/Filter [/ASCIIHexDecode /LZWDecode] /DecodeParms [null << /EarlyChange 1 >>]", lzw(b"BT /F1 10 Tf 20 200 Td (LZW) Tj ET " * 40).hex().encode() + b">")]
base, x0 = build(page[:4] + [stream("", b"BT /F1 10 Tf 10 10 Td (base) Tj ET")])
upd = base + b"5 0 obj\n" + stream("", b"BT /F1 10 Tf 10 10 Td (updated) Tj ET") + b"\nendobj\n"
x1 = len(upd)
upd += f"xref\n5 1\n{len(base):010d} 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev {x0} >>\nstartxref\n{x1}\n%%EOF\n".encode()
open("incremental.pdf", "wb").write(upd)
open("lzw.pdf", "wb").write(build(page)[0])
open("broken-xref.pdf", "wb").write(build(page, shift=7)[0])
