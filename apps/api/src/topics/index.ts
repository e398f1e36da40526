import { RegisterTopicHandler } from './register-topic.handler.js';
import { ReviseTopicHandler } from './revise-topic.handler.js';
import { GetTopicHandler, ListTopicsHandler } from './topic.queries.js';

export const topicHandlers = [RegisterTopicHandler, ReviseTopicHandler, GetTopicHandler, ListTopicsHandler];
