import { render } from 'preact';
import { useState } from 'preact/hooks';
import { getArticle } from './api.js';
import { ArticleView } from './components/ArticleView.js';
import { PageTitle, Status, TokenForm, useLoad } from './components/common.js';
import { AnalysePage } from './pages/AnalysePage.js';
import { compareHref, ComparePage } from './pages/ComparePage.js';
import { EntityPage, LookupPage } from './pages/EntityPage.js';
import { OutletPage } from './pages/OutletPage.js';
import { SearchPage } from './pages/SearchPage.js';
import { href, useRoute, type Route } from './router.js';
import type { ArticleJson } from './types.js';
import './styles.css';

function StoredArticle({ id }: { id: string }) {
  const article = useLoad(id, () => getArticle(id));
  const compareLink = <p class="small"><a href={compareHref([id])}>Compare with other coverage of this story</a></p>;
  return <div class="page"><Status result={article}>{(a) => <ArticleView article={a} note={compareLink} />}</Status></div>;
}

function Page({ route, analysis, setAnalysis }: { route: Route; analysis: ArticleJson | null; setAnalysis: (a: ArticleJson) => void }) {
  const [first, second] = route.segments;
  switch (first) {
    case undefined:
      return <AnalysePage onAnalysed={setAnalysis} />;
    case 'analysis':
      return analysis
        ? <div class="page"><ArticleView article={analysis} note={<p class="notice">Analysed just now; not stored. <a href="#/">Analyse another</a></p>} /></div>
        : <div class="page"><PageTitle>Nothing analysed yet</PageTitle><p><a href="#/">Analyse an article</a></p></div>;
    case 'articles':
      if (second) return <StoredArticle key={second} id={second} />;
      break;
    case 'search':
      return <SearchPage key={route.params.toString()} route={route} />;
    case 'entities':
      if (second) return <EntityPage key={second} id={second} />;
      break;
    case 'lookup':
      return <LookupPage key={route.params.toString()} route={route} />;
    case 'compare':
      return <ComparePage route={route} />;
    case 'outlets':
      if (second) return <OutletPage key={second} domain={second} />;
      break;
  }
  return <div class="page"><PageTitle>Page not found</PageTitle><p><a href="#/">Back to the start</a></p></div>;
}

const ANALYSIS_KEY = 'presslens.analysis';

/** The last analysis survives a reload of the tab (never stored on the server). */
function storedAnalysis(): ArticleJson | null {
  try {
    const saved = sessionStorage.getItem(ANALYSIS_KEY);
    return saved ? (JSON.parse(saved) as ArticleJson) : null;
  } catch {
    return null;
  }
}

function App() {
  const route = useRoute();
  const [analysis, setAnalysisState] = useState<ArticleJson | null>(storedAnalysis);
  const setAnalysis = (article: ArticleJson) => {
    setAnalysisState(article);
    try {
      sessionStorage.setItem(ANALYSIS_KEY, JSON.stringify(article));
    } catch {
      // Too large for session storage: it then lasts until the tab reloads.
    }
  };
  const here = route.segments[0];
  return (
    <>
      <header class="site-header">
        <a class="brand" href="#/">presslens</a>
        <nav aria-label="Main">
          <a href="#/" aria-current={here === undefined ? 'page' : undefined}>Analyse</a>
          <a href={href(['search'])} aria-current={here === 'search' ? 'page' : undefined}>Search</a>
          <a href={href(['compare'])} aria-current={here === 'compare' ? 'page' : undefined}>Compare</a>
        </nav>
        <details class="token-menu">
          <summary>Access token</summary>
          <TokenForm />
        </details>
      </header>
      <main id="main" tabIndex={-1}>
        <Page key={route.segments.join('/')} route={route} analysis={analysis} setAnalysis={setAnalysis} />
      </main>
      <footer class="site-footer muted small">presslens describes language; it takes no side. <a href="/openapi.json">API</a></footer>
    </>
  );
}

render(<App />, document.getElementById('app')!);
