// "依据知识库文章《…》" on a ticket answered from an article: the title, linked to the article.
import { Link } from 'react-router-dom';
import { useLoad } from '../hooks';
import { knowledgeApi } from './api';

export function ArticleSource({ id }: { id: number }) {
  const { data, error } = useLoad((signal) => knowledgeApi.get(id, signal), [id]);
  const title = data ? (data.live?.title ?? data.title) : error ? `#${id}` : '…';
  return (
    <span data-testid="answer-article">
      依据知识库文章<Link to={`/knowledge?article=${id}`}>《{title}》</Link>
    </span>
  );
}
