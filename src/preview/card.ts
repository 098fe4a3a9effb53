import { getChannelType } from '../channels/index.js';
import type { Measure, Problem } from '../channels/types.js';
import { genericStage } from './generic-card.js';
import { attr, esc, idFor } from '../card/html.js';
import type { CardInput, StageRenderer } from './types.js';

const STATUS_WORDS: Record<string, string> = {
  valid: '✓ ready',
  invalid: '✗ has problems',
  skipped: '– skipped',
};

/** The platform's name as people say it (from the channel registry); an unknown type's own name. */
export function platformName(type: string): string {
  return getChannelType(type)?.platform ?? type;
}

/** How each type's post looks to its audience (its `card`); unknown types show their payload. */
function stageFor(type: string): StageRenderer {
  return getChannelType(type)?.card ?? genericStage;
}

/** One size against its limit, as a bar: amber from 90 %, red over the limit. */
function measureRow(m: Measure): string {
  const ratio = m.limit > 0 ? m.used / m.limit : 0;
  const level = ratio > 1 ? 'over' : ratio >= 0.9 ? 'near' : 'ok';
  const width = Math.min(100, Math.round(ratio * 100));
  const excess = m.used > m.limit ? ` <b>${m.used - m.limit} over</b>` : '';
  return `<li class="measure measure--${level}" data-measure="${attr(m.field)}" data-used="${m.used}" data-limit="${m.limit}"${ratio > 1 ? ' data-over="true"' : ''}>`
    + `<span class="measure__field">${esc(m.field)}</span>`
    + `<span class="measure__bar"><i style="width:${width}%"></i></span>`
    + `<span class="measure__numbers">${m.used} / ${m.limit} ${esc(m.unit)}${excess}</span>`
    + '</li>';
}

function problemBox(p: Problem): string {
  return `<div class="problem problem--${attr(p.severity)}" data-problem="${attr(p.code)}" data-severity="${attr(p.severity)}" role="${p.severity === 'error' ? 'alert' : 'note'}">`
    + `<b>${esc(p.severity)} · ${esc(p.code)}</b> ${esc(p.message)}`
    + '</div>';
}

/** The fields of a result whose size is over the platform limit. */
export function overFields(measures: readonly Measure[] | undefined): Set<string> {
  return new Set((measures ?? []).filter((m) => m.used > m.limit).map((m) => m.field));
}

/**
 * One channel's card: its name and platform, any problem in a red (or amber) box, the post
 * as its audience will see it, and each size against the platform limit. Stable attributes
 * (`data-channel`, `data-status`, `data-problem`, `data-text`, `data-measure`) let tests and
 * scripts read it.
 */
export function renderCard(input: CardInput): string {
  const { result } = input;
  const status = result.status;
  const head = '<header class="card__head">'
    + `<span class="badge badge--${attr(result.type)}">${esc(platformName(result.type))}</span>`
    + `<h2>${esc(result.channel)}</h2>`
    + `<span class="pill pill--${attr(status)}">${esc(STATUS_WORDS[status] ?? status)}</span>`
    + '</header>';
  const open = `<section class="card card--${attr(result.type)} card--${attr(status)}" id="card-${attr(idFor(result.channel))}" data-channel="${attr(result.channel)}" data-type="${attr(result.type)}" data-status="${attr(status)}">`;
  if (status === 'skipped' || result.output === undefined) {
    return `${open}${head}<div class="skip" data-reason="${attr(result.reason ?? '')}"><b>Not posted.</b> ${esc(result.reason ?? 'this channel does not take the article')}</div></section>`;
  }
  const problems = result.problems.length > 0 ? `<div class="problems">${result.problems.map(problemBox).join('')}</div>` : '';
  const measures = (result.measures ?? []).length > 0
    ? `<ul class="measures">${(result.measures ?? []).map(measureRow).join('')}</ul>`
    : '<ul class="measures"><li class="measure measure--none">no length limit on this platform</li></ul>';
  return `${open}${head}${problems}<div class="card__stage">${stageFor(result.type)(input)}</div>${measures}</section>`;
}
