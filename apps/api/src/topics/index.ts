import { RegisterTopicHandler } from '@app/ledger';
import { ReviseTopicHandler } from '@app/ledger';
import { GetTopicHandler, ListTopicsHandler } from './topic.queries.js';

export const topicHandlers = [RegisterTopicHandler, ReviseTopicHandler, GetTopicHandler, ListTopicsHandler];
