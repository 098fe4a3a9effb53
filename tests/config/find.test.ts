import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration, resolveConfigPath } from '../../src/config/index.js';

describe('resolveConfigPath', () => {
  const here = process.cwd();

  it('prefers -c, then $PUBLISH_CONFIG, then ./channels.yaml', () => {
    expect(resolveConfigPath('site.yaml', { PUBLISH_CONFIG: 'env.yaml' }, here)).toBe('site.yaml');
    expect(resolveConfigPath(undefined, { PUBLISH_CONFIG: 'env.yaml' }, here)).toBe('env.yaml');
    expect(resolveConfigPath(undefined, {}, here)).toBe('channels.yaml');
    expect(resolveConfigPath(undefined, { PUBLISH_CONFIG: '' }, here)).toBe('channels.yaml');
  });

  it('keeps the relative form the user typed, tidied', () => {
    expect(resolveConfigPath('./config/channels.yaml', {}, here)).toBe(join('config', 'channels.yaml'));
    expect(resolveConfigPath('../other/channels.yaml', {}, here)).toBe(join('..', 'other', 'channels.yaml'));
  });

  it('returns absolute paths as they are', () => {
    expect(resolveConfigPath('/etc/publish/channels.yaml', {}, here)).toBe('/etc/publish/channels.yaml');
    expect(resolveConfigPath(undefined, { PUBLISH_CONFIG: '/srv/channels.yaml' }, here)).toBe('/srv/channels.yaml');
  });

  it('resolves against the given cwd when it is not the process directory', () => {
    const elsewhere = join(here, 'some', 'site');
    expect(resolveConfigPath(undefined, {}, elsewhere)).toBe(join('some', 'site', 'channels.yaml'));
  });
});

describe('parseDuration', () => {
  it('reads units and combinations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration(0)).toBe(0);
    expect(parseDuration('0')).toBe(0);
  });

  it('refuses numbers without a unit and anything else', () => {
    for (const bad of [30, '30', 'soon', '1x', '', 'h', '1 h', '-5s', '1h 30m']) {
      expect(parseDuration(bad)).toBeUndefined();
    }
  });
});
