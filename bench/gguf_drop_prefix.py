#!/usr/bin/env python3
"""gguf_drop_prefix.py IN OUT PREFIX: a copy of a GGUF without the tensors and metadata keys under PREFIX.

bench/peer.sh uses it for CODI files (codi.*), whose extra tensors llama.cpp's loader refuses. It needs llama.cpp's
gguf-py (PYTHONPATH=~/.cache/latentj/llama.cpp/gguf-py) and numpy.
"""
import sys

import gguf


def main(src: str, dst: str, prefix: str) -> None:
    reader = gguf.GGUFReader(src)
    arch = reader.fields[gguf.Keys.General.ARCHITECTURE].contents()
    writer = gguf.GGUFWriter(dst, arch=arch, endianess=reader.endianess)
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF.") or field.name.startswith(prefix):
            continue
        val_type = field.types[0]
        sub_type = field.types[-1] if val_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), val_type, sub_type=sub_type)
    kept = [t for t in reader.tensors if not t.name.startswith(prefix)]
    for t in kept:
        writer.add_tensor_info(t.name, t.data.shape, t.data.dtype, t.data.nbytes, t.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for t in kept:
        writer.write_tensor_data(t.data, tensor_endianess=reader.endianess)
    writer.close()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[0])
    main(*sys.argv[1:])
