import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEVERITIES, severityOf, severityRank } from '../../src/model/severity.js';

test('severity: tiers are ordered by rank', () => {
  assert.deepEqual(SEVERITIES, ['normal', 'warning', 'error', 'critical']);
  assert.deepEqual(SEVERITIES.map(severityRank), [0, 1, 2, 3]);
});

test('severity: Warning events by reason', () => {
  assert.equal(severityOf('Warning', 'OOMKilling'), 'critical');
  assert.equal(severityOf('Warning', 'Evicted'), 'critical');
  assert.equal(severityOf('Warning', 'SystemOOM'), 'critical');
  assert.equal(severityOf('Warning', 'BackOff'), 'error');
  assert.equal(severityOf('Warning', 'FailedScheduling'), 'error');
  assert.equal(severityOf('Warning', 'FailedMount'), 'error');
  assert.equal(severityOf('Warning', 'Unhealthy'), 'error');
  assert.equal(severityOf('Warning', 'FailedGetResourceMetric'), 'error');
  assert.equal(severityOf('Warning', 'DNSConfigForming'), 'warning');
  assert.equal(severityOf('Warning', ''), 'warning');
});

test('severity: Normal events stay normal, an alarming reason lifts them to warning only', () => {
  assert.equal(severityOf('Normal', 'Pulled'), 'normal');
  assert.equal(severityOf('Normal', 'NodeNotReady'), 'warning');
  assert.equal(severityOf('Normal', 'TaintManagerEviction'), 'warning');
  assert.equal(severityOf('Normal', 'BackOff'), 'warning');
  assert.equal(severityOf('', 'Started'), 'normal');
});

test('severity: non-standard types', () => {
  assert.equal(severityOf('Error', 'Whatever'), 'error');
  assert.equal(severityOf('Critical', 'Whatever'), 'critical');
  assert.equal(severityOf('Error', 'OOMKilled'), 'critical');
  assert.equal(severityOf('Info', 'Whatever'), 'warning');
  assert.equal(severityOf('Critical', 'BackOff'), 'critical'); // the table never lowers a tier
});
