#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the malformed-input corpus (issue 14) and cases.tsv: one case per line,
FILE <tab> EXPECTED EXIT <tab> FRAGMENT OF STANDARD ERROR <tab> EXTRA ARGUMENTS (| separated).
FILE is given to `dataflow-lab batch` relative to this folder. Run it again after changing a case; the files are
committed so that the corpus is reviewable as it is."""
import gzip, hashlib, json, os, shutil, struct

HERE = os.path.dirname(os.path.abspath(__file__))
cases = []

def write(name, data):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return name

def case(name, data, exit_code, fragment, args=''):
    write(name, data)
    cases.append((name, exit_code, fragment, args))

NET = {"name": "n", "input": [1, 28, 28], "layers": [
    {"name": "c1", "type": "conv", "out": 4, "kernel": 5}, {"type": "relu"},
    {"name": "p1", "type": "maxpool", "kernel": 2, "stride": 2}, {"name": "f", "type": "fc", "out": 10}]}
def scen(**kw):
    s = {"name": "s", "module": "network", "network": "mnist-cnn"}
    s.update(kw)
    return json.dumps(s)

# ---- scenario JSON -------------------------------------------------------------------------------------------
for i, (text, frag) in enumerate([
        ('', 'invalid JSON'), ('{', 'invalid JSON'), ('[]', 'expected a JSON object'), ('null', 'invalid JSON'),
        ('{"name": "x",}', 'invalid JSON'), ('{"name": "x"\n\n\n,,}', 'line 4'), ('\xef\xbb\xbf{', 'invalid JSON'),
        ('{"name": 5, "module": "network", "network": "mnist-cnn"}', 'name'),
        ('{"module": "network", "network": "mnist-cnn"}', 'name'),
        ('{"name": "x", "network": "mnist-cnn"}', 'module'),
        ('{"name": "x", "module": 3}', 'module: expected a string'),
        ('{"name": "x", "module": "warp-drive"}', "unknown module 'warp-drive'"),
        ('{"name": "x", "module": "network"}', 'network: missing'),
        ('{"name": "x", "module": "network", "network": 5}', 'network: expected a built-in name'),
        ('{"name": "x", "module": "network", "network": "nonet"}', "unknown network 'nonet'"),
        ('{"name": "x", "module": "network", "network": "gone.csv"}', 'does not exist'),
        ('{"name": "x", "module": "network", "network": "/dev/zero"}', "unknown network"),
        ('{"name": "x", "module": "network", "network": "mnist-cnn", "frob": 1}', 'frob: unknown key'),
        (scen(seed=-1), 'seed: expected a non-negative integer'),
        (scen(seed=1.5), 'seed: expected a non-negative integer'),
        (scen(seed="7"), 'seed: expected a non-negative integer'),
        ('{"name": "s", "module": "network", "network": "mnist-cnn", "seed": 1e20}', 'below 2^63'),
        ('{"name": "s", "module": "network", "network": "mnist-cnn", "seed": 9223372036854775808}', 'below 2^63'),
        ('{"name": "s", "module": "network", "network": "mnist-cnn", "seed": 1e308}', 'below 2^63'),
        (scen(params=[1]), 'params: expected an object'),
        (scen(params={"stages": 4}), 'params.stages: unknown parameter'),
        (scen(reference=3), 'reference: expected an object'),
        (scen(reference={"total_params": {"rel_tol": 0}}), 'reference.total_params.value'),
        (scen(reference={"k": {"value": 1, "rel_tol": -1}}), 'rel_tol: expected a non-negative number'),
        (scen(reference={"k": {"value": 1, "rel_tol": 0, "tol": 1}}), 'reference.k.tol: unknown key'),
        (scen(reference={"no_such_figure": {"value": 1, "rel_tol": 0}}), "produces no figure 'no_such_figure'"),
        (json.dumps({"name": "p", "module": "pipeline", "network": "mnist-cnn", "params": {"stages": 0}}), 'params.stages'),
        (json.dumps({"name": "p", "module": "pipeline", "network": "mnist-cnn", "params": {"stages": 65}}), 'params.stages'),
        (json.dumps({"name": "p", "module": "pipeline", "network": "mnist-cnn", "params": {"stages": 1e20}}), 'params.stages'),
        (json.dumps({"name": "p", "module": "pipeline", "network": "mnist-cnn", "params": {"batch": -3}}), 'params.batch'),
        (json.dumps({"name": "p", "module": "pipeline", "network": "mnist-cnn", "params": {"batch": "big"}}), 'params.batch'),
        (json.dumps({"name": "p", "module": "pipeline", "network": "mnist-cnn", "params": {"partition": ["nope"]}}), 'params.partition'),
        (json.dumps({"name": "p", "module": "pipeline", "network": "mnist-cnn", "params": {"partition": 7}}), 'params.partition'),
        (json.dumps({"name": "p", "module": "pipeline", "network": "mnist-cnn", "params": {"bytes_per_value": 0}}), 'params.bytes_per_value'),
        (json.dumps({"name": "p", "module": "pipeline", "network": "mnist-cnn", "params": {"mini_batches": 1e300}}), 'params.mini_batches'),
        (json.dumps({"name": "p", "module": "pipeline"}), 'network: missing'),
        (json.dumps({"name": "c", "module": "cgra", "network": "alexnet", "params": {"rows": -1}}), 'params.rows'),
        (json.dumps({"name": "c", "module": "cgra", "network": "alexnet", "params": {"layer": "nope"}}), 'params.layer'),
        (json.dumps({"name": "t", "module": "neurotrainer", "network": "alexnet", "params": {"clusters": 0}}), 'params.clusters'),
        (json.dumps({"name": "t", "module": "tdnn", "params": {"hidden": 0}}), 'params.hidden'),
        (json.dumps({"name": "t", "module": "tdnn", "params": {"hidden": 100000}}), 'params.hidden'),
        (json.dumps({"name": "t", "module": "tdnn", "params": {"chain_sides": [5]}}), 'params.chain_sides'),
        (json.dumps({"name": "t", "module": "tdnn", "params": {"neuron": 300, "hidden": 8}}), 'params.neuron'),
        (json.dumps({"name": "t", "module": "tdnn", "params": {"data_dir": "nowhere"}}), "train-images-idx3-ubyte.gz' missing"),
        (json.dumps({"name": "v", "module": "convergence", "network": "mnist-cnn", "params": {"data_dir": "nowhere"}}), "'train-images-idx3-ubyte.gz' missing"),
        (json.dumps({"name": "v", "module": "convergence", "network": "alexnet"}), 'network.input'),
        (json.dumps({"name": "v", "module": "convergence", "network": "mlp", "params": {"batch": 0}}), 'params.batch'),
        (json.dumps({"name": "x", "module": "network", "network": {"input": [1, 2, 2], "layers": [{"type": "conv", "out": 1, "kernel": 5}]}}), 'larger than the padded input'),
        ('{"name": "\\u0000", "module": "network", "network": "mnist-cnn", "params": {"x": 1}}', 'params.x'),
        ('{"a": ' * 5000 + '1' + '}' * 5000, 'invalid JSON'),
        ]):
    case(f'scenario/{i:03d}.json', text, 2, frag)

# ---- network JSON (each behind a scenario naming it) --------------------------------------------------------
def net_case(i, net, frag, raw=None):
    write(f'network/{i:03d}-net.json', raw if raw is not None else json.dumps(net))
    case(f'network/{i:03d}.json', scen(network=f'{i:03d}-net.json'), 2, frag)
def net_with(layer_changes, input_shape=None):
    n = json.loads(json.dumps(NET))
    if input_shape is not None: n["input"] = input_shape
    n["layers"][0].update(layer_changes)
    return n
big = 1000000000
for i, (net, frag) in enumerate([
        (None, 'invalid JSON'),
        ({"input": [1, 28, 28]}, 'layers: missing'),
        ({"layers": NET["layers"]}, 'input: missing'),
        ({"input": [1, 28], "layers": NET["layers"]}, 'expected [channels, height, width]'),
        ({"input": [0, 28, 28], "layers": NET["layers"]}, 'input'),
        ({"input": [1, 28, 28], "layers": []}, 'non-empty array'),
        ({"input": [1, 28, 28], "layers": [5]}, 'expected a layer object'),
        (net_with({"type": "warp"}), 'type'),
        (net_with({"out": 0}), 'out'),
        (net_with({"out": 1.5}), 'out'),
        (net_with({"out": 2e9}), 'at most 10^9'),
        (net_with({"kernel": 0}), 'kernel'),
        (net_with({"kernel": [1, 2, 3]}), 'kernel'),
        (net_with({"stride": -1}), 'stride'),
        (net_with({"pad": [1, 2, 3]}), 'pad'),
        (net_with({"pad": big}), 'padding too large'),
        (net_with({"groups": 3}), 'not divisible by groups'),
        (net_with({"kernel": 29}), 'larger than the padded input'),
        (net_with({"from": "later"}), 'names no layer'),
        (net_with({"from": "f"}), 'is not an earlier layer'),
        (net_with({"name": "f"}), 'duplicate layer name'),
        (net_with({"bias": "yes"}), 'bias'),
        (net_with({"frob": 1}), 'frob: unknown key'),
        (net_with({}, [big, big, big]), 'more than 2^40 elements'),
        (net_with({"out": big}, [1, 1000, 1000]), 'more than 2^40 elements'),
        ({"input": [1000, 1000, 1000000], "layers": [{"name": "f", "type": "fc", "out": big}]}, 'overflows 64 bits'),
        ({"input": [1000, 1000, 1000000], "layers": [{"name": "f", "type": "fc", "out": 5500000, "bias": False}]}, 'backward MAC count overflows'),
        ({"input": [1, 28, 28], "layers": [{"name": "a", "type": "add"}]}, 'add: missing required key'),
        ({"input": [1, 28, 28], "layers": [{"name": "c", "type": "conv", "out": 2, "kernel": 1}, {"name": "d", "type": "conv", "out": 3, "kernel": 1}, {"name": "a", "type": "add", "add": "c"}]}, 'shapes differ'),
        ({"input": [1, 28, 28], "layers": [{"name": "p", "type": "maxpool", "kernel": 2}]}, 'stride'),
        ({"input": [1, 28, 28], "layers": [{"name": "p", "type": "maxpool", "kernel": 2, "stride": 2, "pad": 2}]}, 'smaller than the kernel'),
        ({"input": [1, 28, 28], "layers": [{"name": "l", "type": "lrn", "size": 0}]}, 'size'),
        ({"input": [1, 28, 28], "layers": [{"type": "relu", "name": ""}]}, 'name'),
        ]):
    net_case(i, net, frag, raw='{"input": [1, 28' if net is None else None)
# huge but legitimate-looking: 10^5 + 1 layers (over the limit), 10^5 names checked in linear time
layers = [{"type": "relu"} for _ in range(100001)]
net_case(90, {"input": [1, 1, 1], "layers": layers}, 'more than the limit of 100000')
write('network/091-net.json', b'')
os.remove(os.path.join(HERE, 'network/091-net.json'))
os.symlink('/dev/zero', os.path.join(HERE, 'network/091-net.json'))
case('network/091.json', scen(network='091-net.json'), 2, 'not a regular file')
os.makedirs(os.path.join(HERE, 'network/092-net.json'), exist_ok=True)
write('network/092-net.json/.keep', '')
case('network/092.json', scen(network='092-net.json'), 2, 'not a regular file')

# ---- SCALE-Sim CSV -------------------------------------------------------------------------------------------
H = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
for i, (text, frag) in enumerate([
        ('', 'empty file'), (H, 'no layer rows'), (H + 'c1,224,2x4,3,3,3,64,1,\n', 'column 3'),
        (H + 'c1,224,224,3,3,3,64,1.5,\n', 'column 8'), (H + 'c1,224,224,3,3,3,0,1,\n', 'column 7'),
        (H + 'c1,224,224,-3,3,3,8,1,\n', 'column 4'), (H + 'c1,224,,3,3,3,8,1,\n', 'column 3'),
        (H + 'c1,224,224,3,3,3,\n', 'expected 8 or 9 columns'), (H + 'c1,224,224,3,3,3,8,1,1,1,\n', 'too many columns'),
        (H + ' ,224,224,3,3,3,8,1,\n', 'empty layer name'), (H + 'c1,9,9,3,3,3,8,1,\nc1,9,9,3,3,3,8,1,\n', 'duplicate layer name'),
        (H + 'c1,2,9,3,3,3,8,1,\n', 'filter height 3 larger'), (H + 'c1,9,2,3,3,3,8,1,\n', 'filter width 3 larger'),
        (H + 'c1,1000000000,9,3,3,3,8,1,\n', 'column 2'), (H + 'c1,9,9,3,3,3,8,99999999999,\n', 'column 8'),
        (H + 'big,1000,1000,1000,1000,1000000,9000000,1,\n', 'backward MAC count overflows'),
        (H + 'big,999999999,999999999,1,1,999999999,1,1,\n', 'more than 2^40 elements'),
        (H + 'c1,9,9,3,3,3,8,1,\r\nc2,9,9,3,3,3,8,0,\r\n', 'column 8'),
        (H + 'c1,9,9,3,3,3,8,1,\x00\n', 'column'), (H + '"c1",9,9,3,3,3,8,1;\n', 'column 8'),
        (H + 'c1,9,9,3,3,3,8,1,\n' + 'c%d,9,9,3,3,3,8,1,\n' * 0 + 'c1,9,9,3,3,3,8,1,\n', 'duplicate'),
        (H + 'c1,+9,9,3,3,3,8,1,\n', 'column 2'), (H + 'c1,0x9,9,3,3,3,8,1,\n', 'column 2'),
        (H + 'c1,9,9,3,3,3,8,1,9,\n', 'column'),  # 9th column: stride width 9 → fine? (expected: output ok) — see below
        ]):
    write(f'csv/{i:03d}-net.csv', text)
    case(f'csv/{i:03d}.json', scen(network=f'{i:03d}-net.csv'), 2, frag)
cases.pop()  # the last one is valid (9 columns with a stride width): it runs, exit 0
cases.append(('csv/023.json', 0, '', ''))
rows = ''.join(f'c{k},9,9,3,3,3,8,1,\n' for k in range(100001))
write('csv/090-net.csv', H + rows)
case('csv/090.json', scen(network='090-net.csv'), 2, 'more than the limit of 100000')

# over the pipeline optimiser's limit (2000 layers): refused up front instead of minutes of O(P·L²)
write('csv/091-net.csv', H + ''.join(f'c{k},9,9,3,3,3,3,1,\n' for k in range(2001)))
case('csv/091.json', json.dumps({"name": "big", "module": "pipeline", "network": "091-net.csv", "params": {"stages": 64}}),
     2, 'exact partition optimiser takes at most 2000')

# ---- IDX (Fashion-MNIST folders) -----------------------------------------------------------------------------
def idx(dims, data=None, magic_type=8):
    n = 1
    for d in dims: n *= d
    body = struct.pack('>BBBB', 0, 0, magic_type, len(dims)) + b''.join(struct.pack('>I', d) for d in dims)
    return body + (bytes((k * 37) % 256 for k in range(n)) if data is None else data)
def labels(n):
    return idx([n], bytes(k % 10 for k in range(n)))
def idx_case(i, files, frag, module='convergence', params=None, exit_code=2):
    d = f'idx/{i:03d}'
    good = {'train-images-idx3-ubyte.gz': idx([100, 28, 28]), 'train-labels-idx1-ubyte.gz': labels(100),
            't10k-images-idx3-ubyte.gz': idx([100, 28, 28]), 't10k-labels-idx1-ubyte.gz': labels(100)}
    good.update(files)
    for name, data in good.items():
        if data is None: continue
        raw, plain = (data[1], True) if isinstance(data, tuple) else (data, False)
        write(f'{d}/{name}', raw if plain else gzip.compress(raw, 1))
    p = {"data_dir": f"{i:03d}", "train_samples": 100, "test_samples": 100}
    if module == 'tdnn': p.update({"hidden": 8, "epochs": 1, "chips": 1, "batch": 10, "lognet": False, "chain_sides": [28]})
    else: p.update({"batch": 10, "epochs": 1})
    p.update(params or {})
    net = {"network": FASHION_MLP} if module == 'convergence' else {}
    case(f'idx/{i:03d}.json', json.dumps(dict({"name": "i", "module": module}, **net, params=p)), exit_code, frag)
FASHION_MLP = json.load(open(os.path.join(HERE, '../../../scenarios/convergence-fashion-mlp.json')))["network"]
TI = 'train-images-idx3-ubyte.gz'; TL = 'train-labels-idx1-ubyte.gz'; EI = 't10k-images-idx3-ubyte.gz'
for i, (files, frag, module, params) in enumerate([
        ({TI: idx([100, 10, 10])}, 'images are 10x10 but the model takes 28x28', 'convergence', None),
        ({TI: idx([100, 10, 10]), EI: idx([100, 10, 10])}, 'images are 10x10 but the model takes 28x28', 'tdnn', None),
        ({TI: idx([100, 28, 28]), EI: idx([20, 28, 28]), 't10k-labels-idx1-ubyte.gz': labels(20)}, "image 150 but the test set in", 'tdnn', {"image": 150, "test_samples": 200}),
        ({TL: None}, "train-labels-idx1-ubyte.gz' missing", 'convergence', None),
        ({EI: None}, "t10k-images-idx3-ubyte.gz' missing", 'tdnn', None),
        ({TI: struct.pack('>BBBBIII', 0, 0, 8, 3, 3000000000, 1, 1)}, 'more than 2^28 elements', 'convergence', None),
        ({TI: ('plain', struct.pack('>BBBBIII', 0, 0, 8, 3, 131072, 32, 32))}, 'the file holds 0 bytes', 'convergence', None),
        ({TI: struct.pack('>BBBBIII', 0, 0, 8, 3, 131072, 32, 32) + b'abc'}, 'file ends after 3 of 134217728', 'convergence', None),
        ({TI: struct.pack('>BBBBIII', 0, 0, 8, 3, 1, 65536, 65536)}, 'more than 2^28 elements', 'convergence', None),
        ({TI: idx([100, 28, 28])[:-1]}, 'truncated', 'convergence', None),
        ({TI: idx([100, 28, 28]) + b'x'}, 'trailing bytes', 'convergence', None),
        ({TI: b'\x12\x34\x08\x03'}, 'not an IDX file', 'convergence', None),
        ({TI: idx([100, 28, 28], magic_type=0x0D)}, 'not unsigned byte', 'convergence', None),
        ({TI: labels(100)}, '1 dimensions, expected 3', 'convergence', None),
        ({TL: labels(99)}, '99 labels for 100 images', 'convergence', None),
        ({TL: idx([100], bytes([12] * 100))}, 'outside [0, 10)', 'convergence', None),
        ({TI: b''}, 'magic number', 'convergence', None),
        ({TI: ('plain', b'\x1f\x8b\x08\x00garbage')}, 'magic number', 'convergence', None),
        ({TI: idx([0, 28, 28])}, 'size is zero', 'convergence', None),
        ({}, 'the training set has only 100 samples', 'convergence', {"train_samples": 200}),
        ]):
    idx_case(i, files, frag, module, params)
os.makedirs(os.path.join(HERE, 'idx/030'), exist_ok=True)
for name in [TI, TL, EI, 't10k-labels-idx1-ubyte.gz']:
    p = os.path.join(HERE, 'idx/030', name)
    if os.path.lexists(p): os.remove(p)
    os.symlink('/dev/zero', p)
case('idx/030.json', json.dumps({"name": "z", "module": "convergence", "network": FASHION_MLP,
                                 "params": {"data_dir": "030", "train_samples": 100, "test_samples": 100}}), 2, 'not a regular file')

# ---- sessions ------------------------------------------------------------------------------------------------
def payload_for(scenario_json, cycle=0, module='network', views=0):
    def s(x): return f'{len(x.encode())} {x}'
    # Boost 1.74's text archive (version 18): the Session's class info "0 1", its fields; the vector of open views
    # with its own class info "0 0", its count and item version; the layout and writer strings.
    return (f'22 serialization::archive 18 0 1 {s("/tmp/x.json")} {s("x")} {s(module)} {s(scenario_json)} {cycle} '
            f'0 0 {views} 0 {s("")} {s("dataflow-lab 0.1.0")}\n').encode()
def session(payload, module='network', cycle=0, sha=None, extra=b''):
    h = sha or hashlib.sha256(payload).hexdigest()
    return (b'Dataflow Lab session\nformat: 1\nwritten-by: test\nscenario: x\nmodule: ' + module.encode() +
            b'\ncycle: ' + str(cycle).encode() + b'\ndata-bytes: ' + str(len(payload)).encode() +
            b'\ndata-sha256: ' + h.encode() + b'\n' + extra + b'\n' + payload)
good_scen = scen()
for i, (data, frag) in enumerate([
        (b'', 'empty file'),
        (b'Dataflow Lab session', 'not a Dataflow Lab session'),
        (b'Dataflow Lab session\nformat: 1\n', 'truncated: the header has no end'),
        (b'Dataflow Lab session\nformat: x\n\n', 'header.format'),
        (b'Dataflow Lab session\nformat: 99\n\n', 'newer Dataflow Lab'),
        (b'Dataflow Lab session\nformat: 1\n\n', 'header.data-bytes'),
        (session(payload_for(good_scen))[:-10], 'truncated'),
        (session(payload_for(good_scen), sha='0' * 64), 'damaged: the session data does not match its checksum'),
        (session(payload_for(good_scen)) + b'x', 'damaged'),
        (session(payload_for(good_scen), cycle=5), 'does not match the session data'),
        (session(payload_for(good_scen), module='pipeline'), 'does not match the session data'),
        (session(b'22 serialization::archive 19 0 1 3000000000 /tmp'), 'cannot decode'),
        (session(payload_for(good_scen, views=100000000)), 'cannot decode'),
        (session(b'garbage'), 'cannot decode'),
        (session(payload_for(good_scen, cycle=-4), cycle=-4), 'negative cycle'),
        (session(payload_for('{"name": "x", "module": "network"}')), 'scenario.network: missing'),
        (session(payload_for('{not json')), ': scenario.line 1, column 3: invalid JSON'),
        (b'\xff\xfe' + b'Dataflow Lab session', 'not a Dataflow Lab session'),
        ]):
    case(f'session/{i:03d}.dflsession', data, 2, frag)
# CRLF line endings (a Windows editor, git autocrlf): turned back, the checksum holds and the session runs
case('session/030.dflsession', session(payload_for(good_scen)).replace(b'\n', b'\r\n'), 0, '')
case('session/031.dflsession', session(payload_for(good_scen)).replace(b'\n', b'\r\n')[:-3] + b'xx\n', 2, 'damaged')

# ---- energy tables (issue 19): a CGRA scenario naming a table file beside it, or overriding entries ----------
ECGRA = {"name": "e", "module": "cgra", "network": {"name": "n", "input": [1, 8, 8], "layers": [
    {"name": "c", "type": "conv", "out": 2, "kernel": 3}]}, "params": {"px": 2, "py": 2, "threads": 2}}
def energy_scen(**params):
    s = json.loads(json.dumps(ECGRA))
    s["params"].update(params)
    return json.dumps(s)
def entry(**kw):
    e = {"value": 0.03, "unit": "pJ", "per": "8-bit add", "source": "HorowitzEnergy Figure 1.1.9"}
    e.update(kw)
    return {k: v for k, v in e.items() if v is not None}
def table(entries=None, **kw):
    t = {"name": "t", "title": "a table", "source": "HorowitzEnergy", "entries": entries if entries is not None else {"int8_add": entry()}}
    t.update(kw)
    return json.dumps({k: v for k, v in t.items() if v is not None})
for i, (text, frag) in enumerate([
        ('', 'invalid JSON'), ('[]', 'expected a JSON object'), ('{"name": "t",\n\n}', 'line 3'),
        (table(entries={}), 'entries: expected a non-empty object'), (table(entries=None, name="t") .replace('"entries"', '"entrees"'), 'entrees: unknown key'),
        (table(source=None), 'source: missing required key'),
        (table({"int8_add": entry(value=-1)}), 'entries.int8_add.value: expected a non-negative number'),
        (table({"int8_add": entry(value="0.03")}), 'entries.int8_add.value: expected a non-negative number'),
        (table({"int8_add": entry(unit="mJ")}), 'unknown unit "mJ"'),
        (table({"int8_add": entry(source=None)}), 'entries.int8_add.source: missing required key'),
        (table({"int8_add": dict(entry(), valu=1)}), 'entries.int8_add.valu: unknown key'),
        (table({"int8_add": entry(bits=0)}), 'entries.int8_add.bits: expected an integer'),
        (table({"int8_add": entry(unit="W", bits=8)}), 'a power (W) has no access width'),
        (table({"int 8": entry()}), 'an entry name is'),
        (table({"int8_add": 3}), 'entries.int8_add: expected an entry object'),
        (table(), 'lacks the entries this module charges'),
        ]):
    write(f'energy/{i:03d}-table.json', text)
    case(f'energy/{i:03d}.json', energy_scen(energy_table=f'{i:03d}-table.json'), 2, frag)
write('energy/090-table.json', b'')
os.remove(os.path.join(HERE, 'energy/090-table.json'))
os.symlink('/dev/zero', os.path.join(HERE, 'energy/090-table.json'))
case('energy/090.json', energy_scen(energy_table='090-table.json'), 2, 'not a regular file')
case('energy/091.json', energy_scen(energy_table='gone.json'), 2, 'no such energy table file')
case('energy/092.json', energy_scen(energy_table='nope'), 2, 'params.energy_table: unknown energy table "nope"')
case('energy/093.json', energy_scen(energy_overrides=['int9_add=1']), 2,
     'params.energy_overrides[0]: energy table "horowitz-45nm" has no entry "int9_add"')
case('energy/094.json', energy_scen(energy_overrides=['dram_64b=1300', 'dram_64b=-2']), 2,
     'params.energy_overrides[1]: expected a non-negative number')
case('energy/095.json', energy_scen(energy_overrides=['dram_64b']), 2, 'expected "entry=value"')
case('energy/096.json', energy_scen(energy_table='tdnn-65nm'), 2, 'lacks the entries this module charges')
case('energy/097.json', energy_scen(energy_overrides=['dram_64b=1300']), 0, '')

# ---- command line ------------------------------------------------------------------------------------------
case('cli/ok.json', scen(), 0, '', '')
for args, frag in [('--out|', '--out: expects a folder'), ('--frames|0:1000000000|--out|never-written', 'at most 2000 frames'),
                   ('--frames|5:2|--out|never-written', 'expected FIRST:LAST'), ('--cycles|-1', '--cycles -1'),
                   ('--cycles|1e99', '--cycles 1e99'), ('--charts|gif|--out|never-written', "unknown chart format 'gif'"),
                   ('--frobnicate', 'unknown option'), ('--set|x', 'expected key.path=value'),
                   ('--set|seed=1e20', 'below 2^63'), ('--set|network=/dev/zero', 'unknown network'),
                   ('--unset|', 'expected key.path alone'), ('--unset|network', 'network'), ('--out', 'expects a value'),
                   ('--set|params.stages=4', 'params.stages: unknown parameter'),
                   ('--set|reference.nope.value=1|--set|reference.nope.rel_tol=0|--out|never-written', "produces no figure 'nope'"),
                   ('extra.json', 'only one scenario file')]:
    cases.append(('cli/ok.json', 2, frag, args))

with open(os.path.join(HERE, 'cases.tsv'), 'w') as f:
    f.write('# file\texit\tstderr fragment\textra arguments (| separated); written by generate.py\n')
    for name, code, frag, args in cases:
        f.write(f'{name}\t{code}\t{frag}\t{args}\n')
print(len(cases), 'cases')
