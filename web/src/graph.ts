/** The co-mention graph, drawn with sigma on graphology; a lazily loaded chunk of its own. */
import Graph from 'graphology';
import Sigma from 'sigma';
import type { EntityDetail, EntityType } from './types.js';

const TYPE_COLOURS: Partial<Record<EntityType, string>> = {
  PERSON: '#1d4ed8', ORG: '#b45309', GPE: '#047857', LOC: '#047857', FAC: '#047857', NORP: '#7c3aed',
};

/** Draws the entity in the middle and its co-mentions on a circle around it. Returns a function that disposes it. */
export function drawCoMentionGraph(container: HTMLElement, entity: EntityDetail, open: (id: string) => void): () => void {
  const graph = new Graph({ type: 'undirected' });
  const maxShared = Math.max(1, ...entity.coMentions.map((c) => c.articles));
  graph.addNode(entity.id, { label: entity.name, x: 0, y: 0, size: 14, color: TYPE_COLOURS[entity.type] ?? '#374151' });
  entity.coMentions.forEach((c, i) => {
    const angle = Math.PI / 2 + (2 * Math.PI * i) / entity.coMentions.length;
    graph.addNode(c.id, { label: c.name, x: Math.cos(angle), y: Math.sin(angle), size: 6 + (6 * c.articles) / maxShared, color: TYPE_COLOURS[c.type] ?? '#374151' });
    graph.addEdge(entity.id, c.id, { size: 1 + (4 * c.articles) / maxShared, color: '#9ca3af' });
  });
  for (const link of entity.coMentionLinks) {
    if (graph.hasNode(link.source) && graph.hasNode(link.target) && !graph.hasEdge(link.source, link.target)) {
      graph.addEdge(link.source, link.target, { size: 1, color: '#d1d5db' });
    }
  }
  const renderer = new Sigma(graph, container, { renderLabels: true, labelRenderedSizeThreshold: 0, labelFont: 'system-ui, sans-serif' });
  renderer.on('clickNode', ({ node }) => {
    if (node !== entity.id) open(node);
  });
  return () => renderer.kill();
}
