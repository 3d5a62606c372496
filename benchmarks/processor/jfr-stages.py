#!/usr/bin/env python3
"""Per-stage share of the stream processor's JFR execution samples (docs/stream-processor.md).

Counts the samples of the threads whose name contains "StreamThread" (the stream thread and its
producer's I/O thread). Each sample goes to the stage of its innermost frame (leaf first) that
matches a rule below; a sample that matches none is "other stream-thread work".

usage:
  java -XX:StartFlightRecording=filename=p.jfr,settings=profile ... ProcessorThroughput ...
  jfr print --events jdk.ExecutionSample --stack-depth 64 p.jfr > p.txt
  python3 benchmarks/processor/jfr-stages.py p.txt
"""
import re, sys, collections
RULES = [
 ('Kafka producer send (serialise, batch; repartition, changelog and output records)', r'RecordCollectorImpl\.send|KafkaProducer\.send'),
 ('input JSON decode (ReadingJson, Jackson tree)', r'ReadingJson\.decodeWithQc'),
 ('repartition value decode (SourcedReading)', r'SourcedReading\.decode'),
 ('record deserialisation / queueing (framework)', r'RecordDeserializer|RecordQueue|PartitionGroup\.addRawRecords'),
 ('de-duplication (window + epoch stores)', r'DeduplicateProcessor\.process'),
 ('site-hourly (hour buckets, site clock)', r'SiteHourlyProcessor\.'),
 ('site-aqi', r'SiteAqiProcessor\.'),
 ('site-features', r'SiteFeaturesProcessor\.'),
 ('commit (cache flush, transaction)', r'StreamThread\.maybeCommit|TaskManager\.commit'),
 ('poll / fetch', r'StreamThread\.pollPhase|KafkaConsumer\.poll'),
 ('task readiness checks (idle loop)', r'StreamTask\.isProcessable|TaskExecutionMetadata\.canProcessTask'),
 ('producer I/O thread', r'Sender\.run'),
 ('other stream-thread work (forwarding, metrics, punctuation)', r'.'),
]
path = sys.argv[1]
c = collections.Counter(); cur = []; thr = ''; n = 0
def fl():
    global n
    if 'StreamThread' not in thr or not cur: return
    n += 1
    for f in cur:  # leaf first: the innermost stage that matches
        for name, rx in RULES[:-1]:
            if re.search(rx, f):
                c[name] += 1; return
    c[RULES[-1][0]] += 1
for line in open(path):
    s = line.strip()
    if s.startswith('jdk.ExecutionSample'): fl(); cur = []; thr = ''; continue
    m = re.match(r'sampledThread = "(.*)"', s)
    if m: thr = m.group(1); continue
    if 'line:' in s: cur.append(re.sub(r'\s+line:.*', '', s))
fl()
print('samples', n)
for name, _ in RULES:
    print('| %s | %.0f %% |' % (name, 100.0 * c[name] / max(n, 1)))
